import { activityFeed } from '../../server/core/insights/activity';
import { appName } from '../questions/lexicon';
import type { QueryOf } from '../questions/querySchema';
import { displayOf, plural, rangeFilter, rangeParams, userColumn, type FormAnswer } from './executed';
import { resolvePerson } from './personResolution';

/** Copilot sessions in a period (the Observability feed filtered to sessions), optionally one person's or app's. */
export const answerSessions: FormAnswer<QueryOf<'sessions'>> = async (deps, q, paging) => {
  let userId: string | undefined;
  let who: string | undefined;
  if (q.person) {
    const person = await resolvePerson(deps, { ...q, person: q.person });
    if ('answer' in person) return person.answer;
    userId = person.user.userId;
    who = displayOf(person.user);
  }
  const page = await activityFeed(deps.store, deps.tenantId, {
    range: q.range,
    types: ['session'],
    ...(q.appKey ? { appKey: q.appKey } : {}),
    ...(userId ? { userId } : {}),
    limit: paging.limit,
    ...(paging.cursor ? { cursor: paging.cursor } : {}),
  });
  const scope = [who ? `by ${who}` : '', q.appKey ? `in ${appName(q.appKey)}` : ''].filter(Boolean).join(' ');
  return {
    summary: `${plural(page.total, 'Copilot session')}${scope ? ` ${scope}` : ''} ${q.range.label}, newest first.`,
    columns: [
      { key: 'at', title: 'Started', kind: 'datetime' },
      userColumn,
      { key: 'app', title: 'App', kind: 'text' },
      { key: 'prompts', title: 'Prompts', kind: 'number' },
      { key: 'responses', title: 'Responses', kind: 'number' },
    ],
    rows: page.items.map((r) => ({
      at: r.at.toISOString(),
      user: displayOf(r),
      app: r.appName,
      prompts: r.promptCount ?? null,
      responses: r.responseCount ?? null,
    })),
    cursorPage: { nextCursor: page.nextCursor, total: page.total },
    filters: [
      rangeFilter(q.range),
      ...(who ? [{ label: 'User', value: who }] : []),
      ...(q.appKey ? [{ label: 'App', value: appName(q.appKey) }] : []),
    ],
    view: { path: 'observability', params: { types: 'session', appKey: q.appKey, userId, ...rangeParams(q.range) } },
  };
};
