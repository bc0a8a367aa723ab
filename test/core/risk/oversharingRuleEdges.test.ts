import { createHash } from 'node:crypto';
import type { AggregateFinding } from '../../../server/core/risk/aggregateFindings';
import { DEFAULT_CROSS_RISK_THRESHOLDS, type CrossRiskScope } from '../../../server/core/risk/crossRiskTypes';
import {
  fileAcrossDepartmentsRule,
  otherOneDriveRule,
  siteManyUsersRule,
} from '../../../server/core/risk/oversharingRules';
import { openTestStore, type TestStore } from '../../support/testStore';

/**
 * The oversharing rules over the aggregates a sync keeps (data sources, who reached each, users, interactions) in a
 * real store, each at its edges: the department and site thresholds met exactly or missed by one, departments told
 * apart however they are typed, an owner's OneDrive told from another's by sign-in name or mail, only what changed
 * read when a sync gives a scope, another tenant's records never counted, and each finding's fields as stored and
 * shown (title, masked evidence and its note, the latest user's interaction, the anchor).
 */

const T = 'tenant-oversharing';
const OTHER = 'tenant-elsewhere';
const AT = new Date('2026-11-19T12:00:00Z');
const minutes = (n: number) => new Date(AT.getTime() + n * 60_000);
const hash = (type: string, value: string) => `${type}|${value}`;
const anchor = (key: string) => createHash('sha256').update(key).digest('hex').slice(0, 24);
const SP = 'https://contoso.sharepoint.com';
const MY = 'https://contoso-my.sharepoint.com';

let t: TestStore;
const thresholds = { ...DEFAULT_CROSS_RISK_THRESHOLDS, minDepartments: 3, siteMinUsers: 3 };
const input = (scope: CrossRiskScope | null = null, tenantId = T) => ({
  store: t.store,
  tenantId,
  scope,
  thresholds,
  hash,
});

const user = (tenantId: string, userId: string, department: string | null, upn: string | null = null, mail: string | null = null) =>
  ({ tenantId, userId, department, userPrincipalName: upn, mail, displayName: userId }); // prettier-ignore
const source = (tenantId: string, url: string | null, userCount: number, kind = 'file', key = `url:${url}`) =>
  ({ tenantId, key, kind, name: null, url, host: null, firstAt: minutes(-600), lastAt: AT, referenceCount: userCount, userCount, appKeys: [] }); // prettier-ignore
const usage = (tenantId: string, key: string, userId: string, lastAt: Date) =>
  ({ tenantId, key, userId, appKeys: ['word'], referenceCount: 1, firstAt: minutes(-600), lastAt }); // prettier-ignore
const interaction = (tenantId: string, userId: string, graphId: string, createdAt: Date) =>
  ({ tenantId, userId, graphId, sessionId: `s-${graphId}`, appKey: 'word', appClass: 'IPM.SkypeTeams.Message.Copilot.Word', createdAt, interactionType: 'userPrompt', promptText: 'not for findings' }); // prettier-ignore

/** The latest interaction as a finding carries it (the fields it projects, `_id` with them). */
async function latestOf(graphId: string) {
  const doc = await t.store.interactions.findOne({ graphId } as never);
  const { _id, sessionId, appKey, appClass, createdAt, interactionType } = doc!;
  return { _id, graphId, sessionId, appKey, appClass, createdAt, interactionType };
}

beforeEach(async () => {
  t = await openTestStore('oversharingEdges');
});
afterEach(async () => t.close());

async function insert(docs: {
  users?: object[];
  sources?: object[];
  usage?: object[];
  interactions?: object[];
}): Promise<void> {
  if (docs.users?.length) await t.store.users.insertMany(docs.users as never);
  if (docs.sources?.length) await t.store.dataSources.insertMany(docs.sources as never);
  if (docs.usage?.length) await t.store.dataSourceUsage.insertMany(docs.usage as never);
  if (docs.interactions?.length) await t.store.interactions.insertMany(docs.interactions as never);
}

describe('a file cited to users in several departments', () => {
  const plan = `${SP}/sites/Board/Shared%20Documents/Reorg%20plan.docx`;
  const deck = `${SP}/sites/Sales/Shared%20Documents/Pitch.pptx`;

  it('is found at the threshold of departments, however a department is typed, with the latest user’s interaction', async () => {
    await insert({
      users: [
        user(T, 'fin1', 'Finance'),
        user(T, 'fin2', ' finance '),
        user(T, 'leg', 'Legal'),
        user(T, 'hr', 'HR'),
        user(T, 'none', null),
      ],
      sources: [source(T, plan, 5)],
      usage: [
        usage(T, `url:${plan}`, 'fin1', minutes(-50)),
        usage(T, `url:${plan}`, 'fin2', minutes(-40)),
        usage(T, `url:${plan}`, 'leg', minutes(-30)),
        usage(T, `url:${plan}`, 'hr', minutes(-10)),
        usage(T, `url:${plan}`, 'none', minutes(-20)),
        // Another tenant's reach of a file under the same key, later: not this finding's.
        usage(OTHER, `url:${plan}`, 'hr', minutes(-1)),
      ],
      interactions: [
        interaction(T, 'hr', 'hr-before', minutes(-15)),
        interaction(T, 'hr', 'hr-at', minutes(-10)),
        interaction(T, 'hr', 'hr-after', minutes(5)),
        // Another tenant's record of a user with the same id, nearer the time: not this finding's.
        interaction(OTHER, 'hr', 'elsewhere', minutes(-10)),
      ],
    });
    const found = await fileAcrossDepartmentsRule(input());
    const expected: AggregateFinding = {
      tenantId: T,
      rule: 'oversharing-file-departments',
      category: 'oversharing',
      severity: 'medium',
      confidence: 'medium',
      title: 'A file cited to users in 4 departments',
      userId: 'hr',
      perUser: false,
      anchor: `file:${anchor(`url:${plan}`)}`,
      latest: (await latestOf('hr-at')) as AggregateFinding['latest'],
      at: minutes(-10),
      urls: [plan],
      evidence: [
        {
          type: 'File cited across departments',
          path: 'dataSource',
          start: 0,
          end: 0,
          masked: 'contoso.sharepoint.com/sites/•••/Shared Documents/•••.docx (3 departments, 5 users)',
          hash: `File cited across departments|url:${plan}`,
        },
      ],
    };
    // Finance typed twice counts once: Finance, Legal, HR.
    expected.title = 'A file cited to users in 3 departments';
    expect(found).toEqual([expected]);
  });

  it('is not found one department short, nor for a source whose user count is under the threshold, nor for a page', async () => {
    const web = 'https://example.com/pricing';
    await insert({
      users: [user(T, 'a', 'Finance'), user(T, 'b', 'Legal'), user(T, 'c', 'HR'), user(T, 'd', 'finance')],
      sources: [source(T, plan, 3), source(T, deck, 2), source(T, web, 3, 'web')],
      usage: [
        ...['a', 'b', 'd'].map((u, i) => usage(T, `url:${plan}`, u, minutes(-i))),
        ...['a', 'b', 'c'].map((u, i) => usage(T, `url:${deck}`, u, minutes(-i))),
        ...['a', 'b', 'c'].map((u, i) => usage(T, `url:${web}`, u, minutes(-i))),
      ],
    });
    expect(await fileAcrossDepartmentsRule(input())).toEqual([]);
  });

  it('counts each file’s own users when several files are found at once', async () => {
    await insert({
      users: ['Finance', 'Legal', 'HR', 'Sales'].map((d, i) => user(T, `u${i}`, d)),
      sources: [source(T, plan, 3), source(T, deck, 4)],
      usage: [
        ...['u0', 'u1', 'u2'].map((u, i) => usage(T, `url:${plan}`, u, minutes(-10 - i))),
        ...['u0', 'u1', 'u2', 'u3'].map((u, i) => usage(T, `url:${deck}`, u, minutes(-i))),
      ],
    });
    const found = await fileAcrossDepartmentsRule(input());
    expect(found.map((f) => [f.urls?.[0], f.title, f.evidence[0]!.masked.replace(/^.* \(/, '('), f.userId])).toEqual([
      [plan, 'A file cited to users in 3 departments', '(3 departments, 3 users)', 'u0'],
      [deck, 'A file cited to users in 4 departments', '(4 departments, 4 users)', 'u0'],
    ]);
  });

  it('finds a file without an address by its key, with nothing of it shown', async () => {
    await insert({
      users: [user(T, 'a', 'Finance'), user(T, 'b', 'Legal'), user(T, 'c', 'HR')],
      sources: [source(T, null, 3, 'file', 'id:file-without-url')],
      usage: ['a', 'b', 'c'].map((u, i) => usage(T, 'id:file-without-url', u, minutes(-i))),
    });
    const [found, ...more] = await fileAcrossDepartmentsRule(input());
    expect(more).toEqual([]);
    expect(found).toMatchObject({ userId: 'a', at: minutes(0), urls: [], latest: null, anchor: `file:${anchor('id:file-without-url')}` }); // prettier-ignore
    expect(found!.evidence[0]!.masked).toBe('••• (3 departments, 3 users)');
  });

  it('counts only this tenant’s sources, usage and departments', async () => {
    await insert({
      users: [user(T, 'a', 'Finance'), user(T, 'b', 'Legal'), user(T, 'c', null), user(T, 'e', 'Sales'), user(OTHER, 'c', 'HR'), user(OTHER, 'x', 'Sales')], // prettier-ignore
      // The other tenant's file, under the same key as none of this tenant's.
      sources: [source(T, plan, 3), source(OTHER, deck, 3)],
      usage: [
        ...['a', 'b', 'c'].map((u, i) => usage(T, `url:${plan}`, u, minutes(-i))),
        usage(OTHER, `url:${plan}`, 'x', minutes(1)),
        // Reached in this tenant, but only the other tenant has the file.
        ...['a', 'b', 'e'].map((u, i) => usage(T, `url:${deck}`, u, minutes(-i))),
      ],
    });
    expect(await fileAcrossDepartmentsRule(input())).toEqual([]);
  });

  it('reads, with a scope, only the files a user in it reached since its start', async () => {
    await insert({
      users: [user(T, 'a', 'Finance'), user(T, 'b', 'Legal'), user(T, 'c', 'HR')],
      sources: [source(T, plan, 3), source(T, `${SP}/sites/Board/Shared%20Documents/Budget.xlsx`, 3)],
      usage: [
        usage(T, `url:${plan}`, 'a', minutes(-60)),
        usage(T, `url:${plan}`, 'b', minutes(-60)),
        usage(T, `url:${plan}`, 'c', minutes(0)),
        ...['a', 'b', 'c'].map((u) =>
          usage(T, `url:${SP}/sites/Board/Shared%20Documents/Budget.xlsx`, u, minutes(-60)),
        ),
      ],
    });
    const sinceNow = await fileAcrossDepartmentsRule(input({ userIds: ['c'], since: minutes(0) }));
    expect(sinceNow.map((f) => f.urls?.[0])).toEqual([plan]);
    expect(await fileAcrossDepartmentsRule(input({ userIds: ['a', 'b'], since: minutes(-30) }))).toEqual([]);
    expect(await fileAcrossDepartmentsRule(input({ userIds: ['a'], since: minutes(-60) }))).toHaveLength(2);
  });
});

describe("a file in another person's OneDrive", () => {
  const review = `${MY}/personal/alex_contoso_com/Documents/Salary%20review.xlsx`;
  const guestFile = `${MY}/personal/pat_fabrikam_com_ext__contoso_onmicrosoft_com/Documents/Notes.docx`;

  it('is one finding per file, by the latest other user, with no note', async () => {
    await insert({
      users: [
        user(T, 'alex', 'Finance', 'Alex@Contoso.com'),
        user(T, 'bob', 'Legal', 'bob@contoso.com'),
        user(T, 'cy', 'Legal', 'cy@contoso.com'),
      ],
      sources: [source(T, review, 3)],
      usage: [
        usage(T, `url:${review}`, 'alex', minutes(10)),
        usage(T, `url:${review}`, 'bob', minutes(-5)),
        usage(T, `url:${review}`, 'cy', minutes(-2)),
      ],
      interactions: [interaction(T, 'cy', 'cy-1', minutes(-3))],
    });
    expect(await otherOneDriveRule(input())).toEqual([
      {
        tenantId: T,
        rule: 'oversharing-other-onedrive',
        category: 'oversharing',
        severity: 'low',
        confidence: 'medium',
        title: "A file in another person's OneDrive reached by Copilot",
        userId: 'cy',
        perUser: false,
        anchor: `file:${anchor(`url:${review}`)}`,
        latest: await latestOf('cy-1'),
        at: minutes(-2),
        urls: [review],
        evidence: [
          {
            type: "Another person's OneDrive file",
            path: 'dataSource',
            start: 0,
            end: 0,
            masked: 'contoso-my.sharepoint.com/personal/•••/Documents/•••.xlsx',
            hash: `Another person's OneDrive file|url:${review}`,
          },
        ],
      },
    ]);
  });

  it('is no finding for the owner, known by sign-in name or mail, a guest’s folder name, or any case of it', async () => {
    const upper = `${MY}/personal/ALEX_CONTOSO_COM/Documents/Plan.docx`;
    await insert({
      users: [
        user(T, 'alex', 'Finance', 'alex.w@contoso.onmicrosoft.com', 'alex@contoso.com'),
        user(T, 'pat', 'Legal', 'pat_fabrikam.com#EXT#@contoso.onmicrosoft.com'),
      ],
      sources: [source(T, review, 1), source(T, upper, 1), source(T, guestFile, 1)],
      usage: [
        usage(T, `url:${review}`, 'alex', minutes(0)),
        usage(T, `url:${upper}`, 'alex', minutes(0)),
        usage(T, `url:${guestFile}`, 'pat', minutes(0)),
      ],
    });
    expect(await otherOneDriveRule(input())).toEqual([]);
  });

  it('is no finding for a user with no sign-in name or mail, nor for a file on a site', async () => {
    const onSite = `${SP}/sites/HR/Documents/personal/alex_contoso_com/Pay.xlsx`;
    await insert({
      users: [user(T, 'ghost', 'Legal'), user(T, 'bob', 'Legal', 'bob@contoso.com')],
      sources: [source(T, review, 1), source(T, onSite, 1)],
      usage: [usage(T, `url:${review}`, 'ghost', minutes(0)), usage(T, `url:${onSite}`, 'bob', minutes(0))],
    });
    expect(await otherOneDriveRule(input())).toEqual([]);
  });

  it('reads, with a scope, only the reaches of its users since its start, in this tenant', async () => {
    await insert({
      users: [user(T, 'bob', 'Legal', 'bob@contoso.com'), user(T, 'cy', 'Legal', 'cy@contoso.com'), user(OTHER, 'zed', 'IT', 'zed@contoso.com')], // prettier-ignore
      sources: [source(T, review, 3)],
      usage: [
        usage(T, `url:${review}`, 'bob', minutes(0)),
        usage(T, `url:${review}`, 'cy', minutes(5)),
        usage(OTHER, `url:${review}`, 'zed', minutes(9)),
      ],
    });
    const [byBob, ...more] = await otherOneDriveRule(input({ userIds: ['bob'], since: minutes(0) }));
    expect(more).toEqual([]);
    expect(byBob).toMatchObject({ userId: 'bob', at: minutes(0) });
    expect(await otherOneDriveRule(input({ userIds: ['bob'], since: minutes(1) }))).toEqual([]);
    expect(await otherOneDriveRule(input())).toEqual([expect.objectContaining({ userId: 'cy', at: minutes(5) })]);
  });
});

describe('a SharePoint site reached by many users', () => {
  const boardFile = (name: string) => `${SP}/sites/Board/Shared%20Documents/${name}`;

  it('is found at the threshold of distinct users across its files, by the latest user, with the count in the note', async () => {
    const board2 = `${SP}/sites/Board2/Shared%20Documents/Other.docx`;
    await insert({
      sources: [source(T, boardFile('A.docx'), 2), source(T, boardFile('B.docx'), 2), source(T, board2, 1), source(T, `${SP}/sites/Board`, 1, 'site')], // prettier-ignore
      usage: [
        usage(T, `url:${boardFile('A.docx')}`, 'u1', minutes(-30)),
        usage(T, `url:${boardFile('A.docx')}`, 'u2', minutes(-20)),
        usage(T, `url:${boardFile('B.docx')}`, 'u2', minutes(-5)),
        usage(T, `url:${SP}/sites/Board`, 'u3', minutes(-25)),
        // Another site whose name starts alike, and another tenant: neither counts.
        usage(T, `url:${board2}`, 'u9', minutes(-1)),
        usage(OTHER, `url:${boardFile('A.docx')}`, 'u8', minutes(-1)),
      ],
      interactions: [interaction(T, 'u2', 'u2-1', minutes(-6))],
    });
    const found = await siteManyUsersRule(input());
    const site = `${SP}/sites/Board`;
    expect(found).toEqual([
      {
        tenantId: T,
        rule: 'oversharing-site-users',
        category: 'oversharing',
        severity: 'low',
        confidence: 'low',
        title: 'A site reached by 3 users through Copilot',
        userId: 'u2',
        perUser: false,
        anchor: `site:${anchor(site.toLowerCase())}`,
        latest: await latestOf('u2-1'),
        at: minutes(-5),
        urls: [site],
        evidence: [
          {
            type: 'Site reached by many users',
            path: 'dataSource',
            start: 0,
            end: 0,
            masked: 'contoso.sharepoint.com/sites/••• (3 users)',
            hash: `Site reached by many users|url:${site}`,
          },
        ],
      },
    ]);
  });

  it('is not found one user short, and counts a team site; a OneDrive or another host is no site', async () => {
    const team = (n: string) => `${SP}/teams/Ops/Shared%20Documents/${n}`;
    await insert({
      sources: [
        source(T, boardFile('A.docx'), 2),
        source(T, team('X.docx'), 3),
        source(T, `${MY}/personal/a_contoso_com/Documents/Y.docx`, 3),
        source(T, 'https://example.com/sites/Open/Z.html', 3, 'web'),
      ],
      usage: [
        usage(T, `url:${boardFile('A.docx')}`, 'u1', minutes(0)),
        usage(T, `url:${boardFile('A.docx')}`, 'u2', minutes(0)),
        ...['u1', 'u2', 'u3'].map((u) => usage(T, `url:${team('X.docx')}`, u, minutes(0))),
        ...['u1', 'u2', 'u3'].map((u) => usage(T, `url:${MY}/personal/a_contoso_com/Documents/Y.docx`, u, minutes(0))),
        ...['u1', 'u2', 'u3'].map((u) => usage(T, 'url:https://example.com/sites/Open/Z.html', u, minutes(0))),
      ],
    });
    const found = await siteManyUsersRule(input());
    expect(found.map((f) => [f.urls?.[0], f.title])).toEqual([
      [`${SP}/teams/Ops`, 'A site reached by 3 users through Copilot'],
    ]);
  });

  it('looks, with a scope, at the sites a user in it reached since its start, and counts all their users', async () => {
    await insert({
      sources: [source(T, boardFile('A.docx'), 3), source(T, `${SP}/sites/Legal/Shared%20Documents/L.docx`, 3)],
      usage: [
        usage(T, `url:${boardFile('A.docx')}`, 'u1', minutes(-90)),
        usage(T, `url:${boardFile('A.docx')}`, 'u2', minutes(-90)),
        usage(T, `url:${boardFile('A.docx')}`, 'u3', minutes(0)),
        ...['u1', 'u2', 'u3'].map((u) => usage(T, `url:${SP}/sites/Legal/Shared%20Documents/L.docx`, u, minutes(-90))),
      ],
    });
    const found = await siteManyUsersRule(input({ userIds: ['u3'], since: minutes(0) }));
    expect(found.map((f) => [f.urls?.[0], f.userId])).toEqual([[`${SP}/sites/Board`, 'u3']]);
    expect(await siteManyUsersRule(input({ userIds: ['u3'], since: minutes(1) }))).toEqual([]);
  });
});
