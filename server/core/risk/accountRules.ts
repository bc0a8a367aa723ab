import type { Filter } from 'mongodb';
import type { DailyUserActivityDoc, UserDoc } from '../../store/documents';
import type { AggregateFinding } from './aggregateFindings';
import type { CrossRule, CrossRuleInput } from './crossRiskTypes';
import { latestInteraction } from './oversharingRules';

const DAY_MS = 86_400_000;

/**
 * Users with Copilot activity whose directory account is disabled, or who are guests (`#EXT#` in the sign-in name):
 * one finding per user and kind, dated by their latest interaction.
 */
export const disabledOrGuestRule: CrossRule = async (input) => {
  const { store, tenantId, hash } = input;
  const userFilter: Filter<UserDoc> = input.scope
    ? { tenantId, userId: { $in: [...input.scope.userIds] }, lastActiveAt: { $gte: input.scope.since } }
    : { tenantId };
  const users = await store.users
    .find(userFilter)
    .project<Pick<UserDoc, 'userId' | 'userPrincipalName' | 'lastActiveAt' | 'interactionCount'>>({
      userId: 1,
      userPrincipalName: 1,
      lastActiveAt: 1,
      interactionCount: 1,
    })
    .toArray();
  if (users.length === 0) return [];
  const disabled = new Set(
    await store.directoryUsers.distinct('userId', {
      tenantId,
      userId: { $in: users.map((u) => u.userId) },
      accountEnabled: false,
    }),
  );
  const out: AggregateFinding[] = [];
  for (const user of users) {
    const kinds: ('disabled' | 'guest')[] = [];
    if (disabled.has(user.userId)) kinds.push('disabled');
    if (user.userPrincipalName?.toUpperCase().includes('#EXT#')) kinds.push('guest');
    for (const kind of kinds)
      out.push({
        tenantId,
        rule: kind === 'disabled' ? 'account-disabled' : 'account-guest',
        category: 'account',
        severity: kind === 'disabled' ? 'medium' : 'low',
        confidence: 'high',
        title: kind === 'disabled' ? 'Copilot used by a disabled account' : 'Copilot used by a guest account',
        userId: user.userId,
        perUser: true,
        anchor: `account:${kind}`,
        latest: await latestInteraction(store, tenantId, user.userId, user.lastActiveAt),
        at: user.lastActiveAt,
        evidence: [
          {
            type: kind === 'disabled' ? 'Disabled account' : 'Guest account',
            path: 'user',
            start: 0,
            end: 0,
            masked: `${user.interactionCount} interactions`,
            hash: hash(`account-${kind}`, user.userId),
          },
        ],
      });
  }
  return out;
};

/**
 * A user's day with at least `volumeFactor` times their median daily prompts over the `baselineDays` before it (days
 * without activity count as zero) and at least `volumeMinPrompts`. Users active for less than the baseline window
 * have no baseline yet and are skipped. Low severity: volume alone is never more than worth a look.
 */
export const volumeSpikeRule: CrossRule = async (input) => {
  const { store, tenantId, thresholds, hash } = input;
  const dayFilter: Filter<DailyUserActivityDoc> = {
    tenantId,
    promptCount: { $gte: thresholds.volumeMinPrompts },
    ...(input.scope
      ? { userId: { $in: [...input.scope.userIds] }, date: { $gte: startOfDay(input.scope.since) } }
      : {}),
  };
  const days = await store.dailyUserActivity.find(dayFilter).toArray();
  if (days.length === 0) return [];
  const firstActive = new Map(
    (
      await store.users
        .find({ tenantId, userId: { $in: [...new Set(days.map((d) => d.userId))] } })
        .project<Pick<UserDoc, 'userId' | 'firstActiveAt'>>({ userId: 1, firstActiveAt: 1 })
        .toArray()
    ).map((u) => [u.userId, u.firstActiveAt]),
  );
  const out: AggregateFinding[] = [];
  for (const day of days) {
    const from = new Date(day.date.getTime() - thresholds.baselineDays * DAY_MS);
    const first = firstActive.get(day.userId);
    if (!first || first > from) continue;
    const median = await baselineMedian(input, day.userId, from, day.date);
    if (day.promptCount < Math.max(thresholds.volumeMinPrompts, thresholds.volumeFactor * median)) continue;
    const end = new Date(day.date.getTime() + DAY_MS - 1);
    out.push({
      tenantId,
      rule: 'account-volume-spike',
      category: 'account',
      severity: 'low',
      confidence: 'medium',
      title: `${day.promptCount} prompts in a day, against a usual ${median}`,
      userId: day.userId,
      perUser: true,
      anchor: `day:${day.day}`,
      latest: await latestInteraction(store, tenantId, day.userId, end),
      at: day.date,
      evidence: [
        {
          type: 'Daily volume far above baseline',
          path: `day:${day.day}`,
          start: 0,
          end: 0,
          masked: `${day.promptCount} prompts; median ${median} over the previous ${thresholds.baselineDays} days`,
          hash: hash('account-volume-spike', `${day.userId}:${day.day}`),
        },
      ],
    });
  }
  return out;
};

async function baselineMedian(input: CrossRuleInput, userId: string, from: Date, to: Date): Promise<number> {
  const rows = await input.store.dailyUserActivity
    .find({ tenantId: input.tenantId, userId, date: { $gte: from, $lt: to } })
    .project<Pick<DailyUserActivityDoc, 'promptCount'>>({ promptCount: 1 })
    .toArray();
  const counts = [
    ...rows.map((r) => r.promptCount),
    ...new Array<number>(Math.max(0, input.thresholds.baselineDays - rows.length)).fill(0),
  ].sort((a, b) => a - b);
  const mid = Math.floor(counts.length / 2);
  return counts.length % 2 === 1 ? counts[mid]! : (counts[mid - 1]! + counts[mid]!) / 2;
}

function startOfDay(at: Date): Date {
  return new Date(Math.floor(at.getTime() / DAY_MS) * DAY_MS);
}
