import { MongoClient } from 'mongodb';
import { answerToken, understand, type EngineDeps } from '../../server/core/ask/engine';
import type { AskAnswer } from '../../server/core/ask/answerTypes';
import {
  createSourceCatalog,
  interactionsWithSources,
  nameHeads,
  siteKeys,
} from '../../server/core/insights/sourceFilter';
import { aggregateIds } from '../../server/core/sync/aggregateOps';
import type { DataSourceDoc, InteractionDoc } from '../../server/store/documents';
import { startCongo } from '../../server/store/embedded/embeddedMongo';
import { createStore } from '../../server/store/Store';
import { startAppHarness, type AppHarness } from '../support/appHarness';
import { askedQuery, engineDeps } from './askKit';

/**
 * One named data source, file or site as a filter, on the simulator's tenant: recognised from the tenant's own stored
 * sources (a file with or without its extension, a site by the word "site", a department's name before "site" the
 * site's), answered over the interactions that cited it with figures recomputed from the stored interactions; a name
 * nothing has is said so with near names (never "no one called"), several sources answering to one name are asked
 * about; OneDrive and SharePoint apart; "someone else's OneDrive"; the read's filter fits its index by MongoDB's rule.
 */

const now = new Date('2026-11-20T12:00:00.000Z');
let h: AppHarness;
let deps: EngineDeps;
let stored: InteractionDoc[];
let sources: DataSourceDoc[];
/** The most referenced file whose name no other source shares (with or without its extension). */
let file: DataSourceDoc;
const stem = (name: string) => name.replace(/\.[a-z0-9]+$/i, '');

beforeAll(async () => {
  h = await startAppHarness({ userCount: 40, seed: 11, referenceTime: now });
  deps = engineDeps(h);
  const store = h.testStore.store;
  stored = await store.interactions.find({ tenantId: h.ctx.tenantId }).toArray();
  sources = await store.dataSources.find({ tenantId: h.ctx.tenantId }).sort({ referenceCount: -1, key: 1 }).toArray();
  const stems = sources.map((s) => stem(s.name ?? '').toLowerCase());
  file = sources.find(
    (s) =>
      s.kind === 'file' &&
      /^[\w' ]+\.\w+$/.test(s.name ?? '') &&
      stem(s.name!).split(' ').length >= 2 &&
      stems.filter((x) => x === stem(s.name!).toLowerCase()).length === 1,
  )!;
}, 240_000);
afterAll(() => h?.close());

const asked = (question: string) => askedQuery(deps, question);

/** Interactions citing a key that `keep` accepts, in [from, to). */
function citing(keep: (key: string) => boolean, from = new Date(0), to = new Date(8.64e15)) {
  return stored.filter((i) => i.createdAt >= from && i.createdAt < to && i.dataSourceKeys.some(keep));
}

const nameOf = (userId: string) => h.testStore.store.users.findOne({ userId }).then((u) => u?.displayName ?? userId);

async function byPerson(rows: InteractionDoc[], keep: (key: string) => boolean): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const i of rows) {
    const name = await nameOf(i.userId);
    out[name] = (out[name] ?? 0) + i.dataSourceKeys.filter(keep).length;
  }
  return out;
}

const rowsByUser = (rows: AskAnswer['rows']) => Object.fromEntries(rows.map((r) => [String(r.user), Number(r.value)]));

describe('a file named in the question', () => {
  it('counts the references to it with its extension typed, naming it in the interpretation', async () => {
    const { q, a } = await asked(`how often was ${file.name} used by copilot`);
    expect(q).toMatchObject({ measure: 'references', by: [], filters: { source: { of: 'source', key: file.key } } });
    expect(a.interpretation).toMatch(
      new RegExp(`^Data-source references · ${escape(file.name!)} · all synced history`),
    );
    expect(a.rows[0]!.value).toBe(citing((k) => k === file.key).length);
    expect(a.rows[0]!.value).toBe(file.referenceCount);
    expect(a.filters).toContainEqual({ label: 'Source', value: expect.stringContaining(file.name!) });
    // A file's name (a OneDrive address names its owner) is not for shared chats or Viewers.
    expect(a.disclosure).toBe('people');
  });

  it('lists who drew on it, without its extension, each person with their references to it', async () => {
    const { q, rows } = await asked(`who opened the ${stem(file.name!)} through copilot`);
    expect(q).toMatchObject({ measure: 'references', by: ['user'], filters: { source: { key: file.key } } });
    expect(rowsByUser(rows)).toEqual(
      await byPerson(
        citing((k) => k === file.key),
        (k) => k === file.key,
      ),
    );
  });

  it.each([
    'Who accessed {file} through Copilot this quarter?',
    'who referenced {file} in October',
    'who cited {file}',
    'who used {file} as a source this month',
    'did anyone access {file} in the last 90 days',
    'users who accessed {file} last month',
    'who accessed the {stem} through Copilot this quarter',
  ])('ranks the people who drew on it for "%s", over the period asked, most first', async (phrase) => {
    const { q, rows } = await asked(phrase.replace('{file}', file.name!).replace('{stem}', stem(file.name!)));
    if (q.type !== 'measure') throw new Error('not a measure');
    expect(q).toMatchObject({ measure: 'references', by: ['user'], filters: { source: { key: file.key } } });
    const keep = (k: string) => k === file.key;
    const truth = await byPerson(citing(keep, q.period.from, q.period.to), keep);
    expect(rowsByUser(rows)).toEqual(truth);
    expect(rows.length).toBeGreaterThan(0);
    const values = rows.map((r) => Number(r.value));
    expect(values).toEqual([...values].sort((a, b) => b - a));
  });

  it('still counts the times it was referenced when the times are asked, and the people when their number is', async () => {
    expect((await asked(`how many times was ${file.name} referenced this quarter`)).q).toMatchObject({
      measure: 'references',
      by: [],
    });
    expect((await asked(`how many people accessed ${file.name} this quarter`)).q).toMatchObject({
      measure: 'source_users',
      by: [],
    });
  });

  it('counts the people who reached it', async () => {
    const { q, a } = await asked(`how many people used ${file.name}`);
    expect(q).toMatchObject({ measure: 'source_users', by: [] });
    expect(a.rows[0]!.value).toBe(new Set(citing((k) => k === file.key).map((i) => i.userId)).size);
  });

  it('breaks its references down by app over a period', async () => {
    const { q, rows } = await asked(`references to ${file.name} by app this quarter`);
    expect(q).toMatchObject({ measure: 'references', by: ['app'], period: { label: 'this quarter' } });
    const truth: Record<string, number> = {};
    for (const i of citing((k) => k === file.key, new Date('2026-10-01T00:00:00Z'), new Date('2026-11-21T00:00:00Z')))
      truth[i.appKey] = (truth[i.appKey] ?? 0) + 1;
    expect(rows.reduce((n, r) => n + Number(r.value), 0)).toBe(Object.values(truth).reduce((n, v) => n + v, 0));
    expect(rows).toHaveLength(Object.keys(truth).length);
  });

  it('says a measure of licences cannot be narrowed to it', async () => {
    const { a } = await asked(`new users of ${file.name}`);
    expect(a.kind).toBe('not_available');
    expect(a.summary).toContain(file.name!);
  });
});

describe('a site named in the question', () => {
  const projects = (k: string) => /^url:https:\/\/[^/]+\/sites\/Projects(?:[/?]|$)/.test(k);
  const finance = (k: string) => /^url:https:\/\/[^/]+\/sites\/Finance(?:[/?]|$)/.test(k);
  const fileKey = (k: string) => sources.find((s) => s.key === k)?.kind === 'file';

  it('ranks the files of "the Projects site" this quarter, each with its references', async () => {
    const { q, rows } = await asked('most referenced files in the Projects site this quarter');
    expect(q).toMatchObject({ measure: 'references', by: ['source'], filters: { source: { of: 'site', name: 'Projects site' } } }); // prettier-ignore
    const inQuarter = citing(projects, new Date('2026-10-01T00:00:00Z'), new Date('2026-11-21T00:00:00Z'));
    const truth: Record<string, number> = {};
    for (const i of inQuarter)
      for (const k of i.dataSourceKeys.filter((k) => projects(k) && fileKey(k))) truth[k] = (truth[k] ?? 0) + 1;
    const urls = Object.fromEntries(sources.map((s) => [s.key, s.url]));
    expect(Object.fromEntries(rows.map((r) => [r.url, r.value]))).toEqual(
      Object.fromEntries(Object.entries(truth).map(([k, n]) => [urls[k], n])),
    );
  });

  it('reads "the Finance SharePoint site" as the site, not the Finance department, with each person', async () => {
    const { q, rows } = await asked('which users accessed files on the Finance SharePoint site last month');
    expect(q).toMatchObject({ by: ['user'], filters: { departments: [], source: { of: 'site', name: 'Finance site' } } }); // prettier-ignore
    const keep = (k: string) => finance(k) && fileKey(k);
    const month = citing(keep, new Date('2026-10-01T00:00:00Z'), new Date('2026-11-01T00:00:00Z'));
    expect(rowsByUser(rows)).toEqual(await byPerson(month, keep));
  });
});

describe('a name that nothing answers to, or several things do', () => {
  it('says no data source or site has the name, with near names, and never looks for a person', async () => {
    const { q, a } = await asked('how often was Narnia Moonbase Plan.xlsx used by copilot');
    expect(q).toMatchObject({ type: 'reply', reply: 'no_source', text: 'Narnia Moonbase Plan.xlsx' });
    expect(a.summary).toMatch(/^No data source or site called "Narnia Moonbase Plan\.xlsx"/);
    const site = await asked('which users opened files on the Narnia site');
    expect(site.q).toMatchObject({ type: 'reply', reply: 'no_source', text: 'Narnia site' });
    expect(site.a.choices.map((c) => c.label).every((l) => l.endsWith(' site'))).toBe(true);
  });

  it('asks which one when two sources share a name, and each pick answers for that source', async () => {
    const base = { tenantId: h.ctx.tenantId, kind: 'file' as const, host: 'adatum.sharepoint.com', firstAt: now, lastAt: now, referenceCount: 0, userCount: 0, appKeys: [] }; // prettier-ignore
    // As the sync stores them: with the heads a question naming them is looked up by.
    const twins = ['Twin Harbor Plan.docx', 'Twin Harbor Plan.pdf'].map((name) => ({
      ...base,
      name,
      ...nameHeads(name),
      url: `https://adatum.sharepoint.com/sites/Legal/Shared%20Documents/${encodeURIComponent(name)}`,
      key: `url:https://adatum.sharepoint.com/sites/Legal/Shared%20Documents/${encodeURIComponent(name)}`,
    }));
    await h.testStore.store.dataSources.insertMany(twins as never);
    try {
      const { q, a } = await asked('how often was the Twin Harbor Plan used');
      expect(q).toMatchObject({ type: 'reply', reply: 'which_source' });
      expect(a.choices.map((c) => c.label)).toEqual(['Twin Harbor Plan.docx (Legal site)', 'Twin Harbor Plan.pdf (Legal site)']); // prettier-ignore
      const picked = await answerToken(deps, a.choices[1]!.queryToken);
      expect(picked.interpretation).toMatch(/^Data-source references · Twin Harbor Plan\.pdf · all synced history/);
      expect(picked.rows[0]!.value).toBe(0);
    } finally {
      await h.testStore.store.dataSources.deleteMany({ key: { $in: twins.map((t) => t.key) } });
    }
  });
});

describe('OneDrive, SharePoint, and someone else’s OneDrive', () => {
  const hostOf = (url: unknown) => new URL(String(url)).host;

  it('keeps OneDrive files apart from SharePoint sites’ files', async () => {
    const onedrive = await asked('which onedrive files were used most');
    expect(onedrive.q).toMatchObject({ filters: { host: 'onedrive' } });
    expect(onedrive.rows.length).toBeGreaterThan(0);
    expect(onedrive.rows.every((r) => hostOf(r.url).endsWith('-my.sharepoint.com'))).toBe(true);
    const sharepoint = await asked('which sharepoint files were used most');
    expect(sharepoint.q).toMatchObject({ filters: { host: 'sharepoint_only' } });
    expect(sharepoint.rows.length).toBeGreaterThan(0);
    expect(sharepoint.rows.some((r) => hostOf(r.url).endsWith('-my.sharepoint.com'))).toBe(false);
  });

  it("counts only the OneDrive files used by someone other than the OneDrive's owner", async () => {
    const { q, rows } = await asked("Has Copilot surfaced files from someone else's OneDrive to people?");
    expect(q).toMatchObject({ filters: { owner: 'others', host: 'onedrive', sourceKind: 'file' } });
    const upns = new Map((await h.testStore.store.users.find({}).toArray()).map((u) => [u.userId, u.userPrincipalName ?? ''])); // prettier-ignore
    const truth: Record<string, number> = {};
    for (const i of stored)
      for (const k of i.dataSourceKeys) {
        const owner = /-my\.sharepoint\.com\/personal\/([^/]+)\//.exec(k)?.[1];
        const mine = upns.get(i.userId)!.toLowerCase().replace(/[.@]/g, '_');
        if (owner && owner !== mine && fileOf(k)) truth[sources.find((s) => s.key === k)!.url!] = (truth[sources.find((s) => s.key === k)!.url!] ?? 0) + 1; // prettier-ignore
      }
    const top = Object.values(truth).sort((a, b) => b - a);
    expect(rows.slice(0, 3).map((r) => r.value)).toEqual(top.slice(0, 3));
    for (const r of rows) expect(r.value).toBe(truth[String(r.url)]);
  });

  const fileOf = (k: string) => sources.find((s) => s.key === k)?.kind === 'file';
});

describe('sources and sites ranked by the people reaching them, and one source counted', () => {
  /** The site of a stored address as the answer names it: host, then "/sites/<Name>" when there is one. */
  const siteOf = (url: string) => {
    const m = /^https?:\/\/([^/]+)(\/(?:sites|teams)\/[^/?#]+)?/i.exec(url)!;
    return `${m[1]!.toLowerCase()}${m[2] ? decodeURIComponent(m[2]) : ''}`;
  };
  /** Distinct people per site over every stored interaction, for sources `keep` accepts. */
  function peoplePerSite(keep: (url: string) => boolean): Record<string, number> {
    const urls = new Map(sources.map((s) => [s.key, s.url ?? '']));
    const people = new Map<string, Set<string>>();
    for (const i of stored)
      for (const k of i.dataSourceKeys) {
        const url = urls.get(k);
        if (!url || !keep(url)) continue;
        const site = siteOf(url);
        people.set(site, (people.get(site) ?? new Set()).add(i.userId));
      }
    return Object.fromEntries([...people].map(([site, ids]) => [site, ids.size]));
  }

  it('ranks SharePoint sites by the distinct people reaching any of their sources, not people by references', async () => {
    const { q, rows } = await asked('top sharepoint sites by users');
    expect(q).toMatchObject({ measure: 'source_users', by: ['site'], filters: { host: 'sharepoint_only' } });
    const truth = peoplePerSite(
      (u) => /^https:\/\/[^/]+\.sharepoint\.com\//.test(u) && !/-my\.sharepoint\.com/.test(u),
    );
    const top = Object.values(truth).sort((x, y) => y - x);
    expect(rows.map((r) => r.value).slice(0, 3)).toEqual(top.slice(0, 3));
    for (const r of rows) expect(r.value).toBe(truth[String(r.site)]);
  });

  it('ranks every site (or host) by the people reaching it for "which sites do the most users reach"', async () => {
    const { q, rows } = await asked('which sites do the most users reach');
    expect(q).toMatchObject({ measure: 'source_users', by: ['site'] });
    const truth = peoplePerSite(() => true);
    expect(rows[0]!.value).toBe(Math.max(...Object.values(truth)));
    for (const r of rows) expect(r.value).toBe(truth[String(r.site)]);
  });

  it("reads all synced history's people per site from the per-user reach the sync keeps, not the interactions", async () => {
    // A source and one person's reach of it with no interaction behind them: only a read of the reach counts them.
    const key = 'url:https://adatum.sharepoint.com/sites/ReachOnly/Plan.docx';
    const store = h.testStore.store;
    await store.dataSources.insertOne({ _id: aggregateIds.dataSource(h.ctx.tenantId, key), tenantId: h.ctx.tenantId, key, kind: 'file', name: 'Plan.docx', url: key.slice(4), host: 'adatum.sharepoint.com', firstAt: now, lastAt: now, referenceCount: 1, userCount: 1, appKeys: [] } as never); // prettier-ignore
    await store.dataSourceUsage.insertOne({ tenantId: h.ctx.tenantId, key, userId: 'reach-only', appKeys: [], referenceCount: 1, firstAt: now, lastAt: now } as never); // prettier-ignore
    try {
      const { rows } = await asked('top 100 sharepoint sites by users');
      expect(rows).toContainEqual(expect.objectContaining({ site: 'adatum.sharepoint.com/sites/ReachOnly', value: 1 }));
    } finally {
      await store.dataSources.deleteOne({ tenantId: h.ctx.tenantId, key });
      await store.dataSourceUsage.deleteOne({ tenantId: h.ctx.tenantId, key });
    }
  });

  it('counts references for "how many times did people use" a file, people for "how many people", naming the file', async () => {
    const times = await asked(`how many times did people use ${file.name}`);
    expect(times.q).toMatchObject({ measure: 'references', by: [], filters: { source: { key: file.key } } });
    expect(times.a.rows[0]!.value).toBe(citing((k) => k === file.key).length);
    const people = await asked(`how many people used ${file.name}`);
    expect(people.q).toMatchObject({ measure: 'source_users', by: [] });
    expect(people.a.rows[0]!.value).toBe(new Set(citing((k) => k === file.key).map((i) => i.userId)).size);
  });
  it('names the one source a count of people is about, and titles people per site as such', async () => {
    const people = await asked(`how many people used ${file.name}`);
    expect(people.a.interpretation).toMatch(new RegExp(`^Distinct users reaching ${escape(file.name!)} · `));
    expect(people.a.rows[0]!.measure).toBe(`Distinct users reaching ${file.name}`);
    expect(people.a.summary).not.toContain('each source');
    const sites = await asked('top sharepoint sites by users');
    expect(sites.a.interpretation).toMatch(/^Distinct users by site · in SharePoint sites/);
  });

  it('keeps the named source, the app and the period when a person is picked from "which one?"', async () => {
    // A second person with the first name of one who used the file: "which one?" is asked.
    const users = h.testStore.store.users;
    const { _id, ...one } = (await users.findOne({ tenantId: h.ctx.tenantId, userId: citing((k) => k === file.key)[0]!.userId }))!; // prettier-ignore
    const first = one.displayName!.split(' ')[0]!;
    await users.insertOne({ ...one, userId: 'f2-namesake', displayName: `${first} Namesake` } as never);
    const deps = engineDeps(h);
    try {
      await pickKeepsFilters(deps, first);
    } finally {
      await users.deleteOne({ tenantId: h.ctx.tenantId, userId: 'f2-namesake' });
    }
  });

  async function pickKeepsFilters(deps: EngineDeps, first: string): Promise<void> {
    const parsed = await understand(deps, `how often did ${first} use ${file.name} in Teams last month`);
    expect(parsed).toMatchObject({ type: 'query', query: { type: 'reply' } });
    const offered = parsed.type === 'query' && parsed.query.type === 'reply' ? parsed.query.people : [];
    expect(offered.length).toBeGreaterThan(1);
    for (const c of offered) {
      const whole = await understand(deps, `how often did ${c.person.name} use ${file.name} in Teams last month`);
      expect(whole.type === 'query' && whole.query).toMatchObject({ type: 'measure', filters: { source: { key: file.key } } }); // prettier-ignore
      expect(c.query).toEqual(whole.type === 'query' ? whole.query : null);
    }
  }
});

describe('the read behind a named source', () => {
  it('filters on tenant, the source keys and a time range: the prefix of the index by_source_time', async () => {
    const mongo = await startCongo();
    const client = await MongoClient.connect(mongo.uri);
    try {
      const store = createStore(client.db('named_source_plan'));
      await store.ensureIndexes();
      const index = (await store.interactions.indexes()).find((i) => i.name === 'by_source_time');
      expect(Object.entries(index!.key)).toEqual([['tenantId', 1], ['dataSourceKeys', 1], ['createdAt', -1]]); // prettier-ignore
      const stop = mongo.planner!.record();
      await siteKeys(store, 't1', 'url:https://adatum.sharepoint.com/sites/Projects');
      await interactionsWithSources(store, 't1', ['url:a', 'url:b'], { from: new Date(0), to: now }, { appKeys: [], userIds: null }); // prettier-ignore
      const [site, read] = stop();
      // MongoDB's rule: equality on tenantId, the keys as points of the multikey field, then a range on createdAt.
      expect(read!.filter).toEqual({ tenantId: 't1', dataSourceKeys: { $in: ['url:a', 'url:b'] }, createdAt: { $gte: new Date(0), $lt: now } }); // prettier-ignore
      expect(site!.filter).toMatchObject({ tenantId: 't1', key: { $regex: '^url:https://adatum\\.sharepoint\\.com/sites/Projects(?:[/?]|$)' } }); // prettier-ignore
      expect(site!.stage).not.toBe('COLLSCAN');
    } finally {
      await client.close();
      await mongo.stop();
    }
  });
});

describe('the read of the sources a question may name', () => {
  it("reads by index only the sources whose name starts with the question's words, never the tenant's every source", async () => {
    const mongo = await startCongo();
    const client = await MongoClient.connect(mongo.uri);
    try {
      const store = createStore(client.db('named_source_heads'));
      await store.ensureIndexes();
      // The simulator tenant's sources as its sync stored them (with their heads), and the mark the sync leaves.
      await store.dataSources.insertMany(sources.map(({ _id, ...doc }) => ({ ...doc, _id })));
      await store.siteActivityBuilt.insertMany(await h.testStore.store.siteActivityBuilt.find().toArray());
      const question = `how many people opened ${file.name} last month`;
      const words = question.toLowerCase().match(/[\p{L}\p{N}]+/gu)!;
      const heads = words.flatMap((w, i) => (i + 1 < words.length ? [w, `${w} ${words[i + 1]}`] : [w]));
      const matching = sources.filter((x) => heads.includes(x.nameHead!) || heads.includes(x.stemHead!));
      expect(matching.length).toBeLessThan(sources.length / 4);
      const stop = mongo.planner!.record();
      const read = await createSourceCatalog(store, h.ctx.tenantId, 0).candidates({ heads, sites: false });
      const plans = stop().filter((p) => p.collection === 'dataSources');
      expect(read.map((e) => e.key).sort()).toEqual(matching.map((x) => x.key).sort());
      expect(read.map((e) => e.key)).toContain(file.key);
      // One read, one index scan per head index: as many keys and documents as sources answer to the heads.
      expect(plans).toHaveLength(1);
      expect(plans[0]).toMatchObject({ stage: 'OR', index: 'by_name_head + by_stem_head', nReturned: matching.length });
      expect(plans[0]!.keysExamined).toBeLessThanOrEqual(2 * matching.length);
      expect(plans[0]!.docsExamined).toBeLessThanOrEqual(2 * matching.length);
      expect(plans[0]!.collectionSize).toBe(sources.length);
    } finally {
      await client.close();
      await mongo.stop();
    }
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
