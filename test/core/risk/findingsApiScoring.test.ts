import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RiskCategory } from '../../../server/core/risk/types';
import { call } from '../../api/apiClient';
import { injectTurns, type InjectedTurn } from '../../api/injectTurns';
import { startAppHarness, type AppHarness } from '../../support/appHarness';
import { SCORED_CATEGORIES } from './riskTestKit';

/**
 * The labelled sets scored the way acceptance scores them: each item injected through the simulator's control API
 * (`POST /_simulator/activity`: a prompt item as the prompt, a response item as the answer to a neutral prompt, with
 * its links and Adaptive Card attachments), the real sync over Graph, then every page of `GET /api/findings` read as
 * an Admin and matched to the injected Graph ids. So a finding counts only if the sync stored it, the API shows it
 * and its `interactionId` names the right interaction; findings of the cross-interaction rules (a file, a site, an
 * account) fired by the injected text are listed apart, and count against precision at high severity.
 */
interface CorpusItem {
  text: string;
  source: 'prompt' | 'response';
  labels: { category: RiskCategory }[];
  links?: InjectedTurn['links'];
  attachments?: InjectedTurn['attachments'];
}

interface Corpus {
  name: string;
  tenantDomains: string[];
  items: CorpusItem[];
}

interface Row {
  id: string;
  category: RiskCategory;
  severity: string;
  rule: string;
  interactionId: string;
  userId: string;
  evidence: { masked: string }[];
}

interface Score {
  labelled: number;
  truePositives: number;
  falsePositives: number;
}

const SCORED = SCORED_CATEGORIES;
/** What a response item answers: text no rule should find anything in. */
const NEUTRAL_PROMPT = 'Summarise what you found.';
const MINUTE = 60_000;
const USERS = 6;

const load = (file: string): Corpus => ({
  name: file,
  ...(JSON.parse(readFileSync(join(__dirname, '../../fixtures', file), 'utf8')) as Omit<Corpus, 'name'>),
});
const CORPORA = [load('riskIndependentCorpus.json'), load('riskBlindSet2.json')];

/**
 * The sets were written for a tenant at `contoso.com`; the simulated tenant has a domain of its own, so its name
 * takes contoso's place in hosts and addresses (`contoso.sharepoint.com`, `@contoso.com`, `contoso.onmicrosoft.com`).
 */
function retarget(value: string, from: string[], tenantDomain: string): string {
  const to = tenantDomain.split('.')[0]!;
  let out = value;
  for (const domain of from) {
    const name = domain.split('.')[0]!;
    out = out
      .replaceAll(`${name}.onmicrosoft.com`, `${to}.onmicrosoft.com`)
      .replace(new RegExp(`\\b${name}(-my)?\\.sharepoint\\.com`, 'g'), `${to}$1.sharepoint.com`)
      .replace(new RegExp(`(?<![\\w.-])${domain.replaceAll('.', '\\.')}\\b`, 'g'), tenantDomain);
  }
  return out;
}

function turnOf(item: CorpusItem, corpus: Corpus, tenantDomain: string): InjectedTurn {
  const map = <T>(v: T): T => JSON.parse(retarget(JSON.stringify(v), corpus.tenantDomains, tenantDomain)) as T;
  const text = retarget(item.text, corpus.tenantDomains, tenantDomain);
  const extras = {
    ...(item.links ? { links: map(item.links) } : {}),
    ...(item.attachments ? { attachments: map(item.attachments) } : {}),
  };
  return item.source === 'prompt' ? { prompt: text, ...extras } : { prompt: NEUTRAL_PROMPT, response: text, ...extras };
}

/** Every finding, page by page (the API's largest page, so paging is exercised), checking no row repeats. */
async function allFindings(h: AppHarness, token: string): Promise<Row[]> {
  const rows: Row[] = [];
  let cursor: string | null = null;
  do {
    const query: string = `?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page = await call<{ items: Row[]; nextCursor: string | null }>(h.baseUrl, `/api/findings${query}`, {
      token,
    });
    if (page.status !== 200) throw new Error(`GET /api/findings -> ${page.status} ${page.text}`);
    rows.push(...page.body.items);
    cursor = page.body.nextCursor;
  } while (cursor);
  if (new Set(rows.map((r) => r.id)).size !== rows.length) throw new Error('a finding came back on two pages');
  return rows;
}

const ratio = (a: number, b: number): string => (b === 0 ? '  n/a' : (a / b).toFixed(3));

function table(scores: Map<string, Score>): string {
  const rows = [...scores].map(([category, s]) =>
    [
      category.padEnd(17),
      category === 'high' ? '    ' : String(s.labelled).padStart(4),
      String(s.truePositives).padStart(4),
      String(s.falsePositives).padStart(4),
      category === 'high' ? '    ' : String(s.labelled - s.truePositives).padStart(4),
      ratio(s.truePositives, s.truePositives + s.falsePositives),
      category === 'high' ? '' : ratio(s.truePositives, s.labelled),
    ].join(' | '),
  );
  return `category          | lab. |  TP  |  FP  | miss | prec. | recall\n${rows.join('\n')}`;
}

describe('labelled sets injected through the simulator and scored through GET /api/findings', () => {
  let h: AppHarness;
  const scores = new Map<string, Map<string, Score>>();

  beforeAll(async () => {
    h = await startAppHarness({ userCount: 10, sync: false, history: { avgInteractionsPerActiveUser: 4 } });
    await h.sync('full');
    const before = new Set((await allFindings(h, await h.tokens.admin())).map((f) => f.id));
    // Later than the first sync, so the incremental sync reads every injected turn.
    h.advanceClock(600 * MINUTE);
    const forbidden = new Set(h.graph.tenant.forbiddenUserIds());
    const users = h.graph.tenant
      .licensedUserIds()
      .filter((id) => !forbidden.has(id))
      .slice(0, USERS);
    // Graph id -> [corpus, item index]; a neutral prompt maps to its response item with `neutral`.
    const byId = new Map<string, { corpus: number; item: number; neutral: boolean }>();
    for (const [c, corpus] of CORPORA.entries()) {
      for (const [u, userId] of users.entries()) {
        const indexes = corpus.items.map((_, i) => i).filter((i) => i % users.length === u);
        const turns = indexes.map((i) => turnOf(corpus.items[i]!, corpus, h.graph.tenant.domain));
        // Each user's turns start at their own minute, every one well before the clock's now.
        const ids = await injectTurns(h, userId, 580 - c * 120 - u * 15, turns);
        ids.forEach((id, k) => {
          const item = indexes[k]!;
          const source = corpus.items[item]!.source;
          byId.set(source === 'prompt' ? id.promptId : id.responseId!, { corpus: c, item, neutral: false });
          if (source === 'response') byId.set(id.promptId, { corpus: c, item, neutral: true });
        });
      }
    }
    await h.sync('incremental');
    // A token minted on the moved clock: the first one has expired by now.
    const found = (await allFindings(h, await h.tokens.admin())).filter((f) => !before.has(f.id));

    const errors: string[] = [];
    const other: Row[] = [];
    const foundOf = CORPORA.map((c) => c.items.map(() => [] as Row[]));
    for (const f of found) {
      const at = byId.get(f.interactionId);
      if (!at || at.neutral) other.push(f);
      else foundOf[at.corpus]![at.item]!.push(f);
    }
    for (const [c, corpus] of CORPORA.entries()) {
      const score = new Map<string, Score>(
        [...SCORED, 'high'].map((k) => [k, { labelled: 0, truePositives: 0, falsePositives: 0 }]),
      );
      corpus.items.forEach((item, i) => {
        const rows = foundOf[c]![i]!;
        const labelled = new Set(item.labels.map((l) => l.category));
        const categories = new Set(rows.map((r) => r.category));
        for (const category of SCORED) {
          const s = score.get(category)!;
          if (labelled.has(category)) s.labelled++;
          if (labelled.has(category) && categories.has(category)) s.truePositives++;
          else if (labelled.has(category)) errors.push(`${corpus.name} missed ${category}: ${item.text.slice(0, 80)}`);
          else if (categories.has(category)) {
            s.falsePositives++;
            const rules = rows.filter((r) => r.category === category).map((r) => r.rule);
            errors.push(`${corpus.name} false ${category} (${rules.join(',')}): ${item.text.slice(0, 80)}`);
          }
        }
        const high = score.get('high')!;
        for (const category of new Set(rows.filter((r) => r.severity === 'high').map((r) => r.category))) {
          if (labelled.has(category)) high.truePositives++;
          else high.falsePositives++;
        }
      });
      scores.set(corpus.name, score);
    }
    // A finding on a neutral prompt, or about a file, site or account the injected turns touched: no item owns it.
    for (const f of other) {
      errors.push(`not on an item: ${f.rule} ${f.category} ${f.severity} ${f.interactionId.slice(0, 40)}`);
      if (f.severity === 'high') for (const s of scores.values()) s.get('high')!.falsePositives++;
    }
    const unmasked = found.filter(
      (f) => ['credential', 'financial'].includes(f.category) && !f.evidence.every((e) => e.masked.includes('•')),
    );
    for (const f of unmasked) errors.push(`evidence not masked: ${f.rule} ${f.id}`);
    process.stdout.write(
      `${[...scores].map(([name, s]) => `${name}\n${table(s)}`).join('\n\n')}\n\n${errors.join('\n')}\n`,
    );
    if (unmasked.length > 0) throw new Error(`${unmasked.length} findings show unmasked evidence`);
  }, 600_000);
  afterAll(async () => h?.close());

  it.each(CORPORA.map((c) => c.name))('keeps precision at high severity at 0.95 or more on %s', (name) => {
    const high = scores.get(name)!.get('high')!;
    expect(high.truePositives).toBeGreaterThan(0);
    expect(high.truePositives / (high.truePositives + high.falsePositives)).toBeGreaterThanOrEqual(0.95);
  });

  it.each(CORPORA.flatMap((c) => ['credential', 'financial'].map((k) => [c.name, k])))(
    'finds at least 90 %% of the labelled items on %s in %s',
    (name, category) => {
      const s = scores.get(name)!.get(category)!;
      expect(s.labelled).toBeGreaterThan(0);
      expect(s.truePositives / s.labelled).toBeGreaterThanOrEqual(0.9);
    },
  );
});
