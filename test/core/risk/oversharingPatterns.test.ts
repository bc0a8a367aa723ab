import { otherOneDriveRule, siteManyUsersRule } from '../../../server/core/risk/oversharingRules';
import { DEFAULT_CROSS_RISK_THRESHOLDS, type CrossRuleInput } from '../../../server/core/risk/crossRiskTypes';
import { openTestStore, type TestStore } from '../../support/testStore';

/**
 * The oversharing rules' URL patterns, over data sources written by hand (no sync): whose OneDrive a file is in (the
 * folder after `/personal/`, a sign-in name with its `@` and dots as `_`), and which site a source belongs to (the
 * host and the site's name after `/sites/` or `/teams/`, up to `/`, `?` or `#`, at the start of the key only).
 */

const tenantId = 'tenant-oversharing';
const at = new Date('2026-11-20T10:00:00Z');
const ONEDRIVE = 'https://contoso-my.sharepoint.com/personal';
/** Each data source: key (its url after `url:`), the people who reached it. */
const SOURCES: Array<[url: string, userIds: string[]]> = [
  // Ada's own file, reached by her: no finding. Bo's file, reached by Ada: one.
  [`${ONEDRIVE}/ada_lovelace_contoso_com/Documents/plan.docx`, ['ada']],
  [`${ONEDRIVE}/bo_chen_contoso_com/Documents/pay.xlsx`, ['ada']],
  // Two sites of three people each, one written with a query and one with a fragment right after the site's name.
  ['https://contoso.sharepoint.com/sites/FinanceTeam?web=1', ['ada', 'bo', 'cy']],
  ['https://contoso.sharepoint.com/teams/LegalOps#top', ['ada', 'bo', 'cy']],
  // A SharePoint site only named inside another address's query: no site of its own.
  ['https://outside.example/r?u=https://contoso.sharepoint.com/sites/Hidden/x', ['ada', 'bo', 'cy']],
];

let t: TestStore;
let input: CrossRuleInput;
beforeAll(async () => {
  t = await openTestStore('oversharing');
  const base = { tenantId, firstAt: at, lastAt: at, referenceCount: 1, appKeys: ['word'] };
  await t.store.dataSources.insertMany(
    SOURCES.map(([url, users]) => ({
      ...base,
      key: `url:${url}`,
      kind: url.includes('/personal/') ? 'file' : 'site',
      name: null,
      url,
      host: new URL(url).host,
      userCount: users.length,
    })) as never[],
  );
  await t.store.dataSourceUsage.insertMany(
    SOURCES.flatMap(([url, users]) => users.map((userId) => ({ ...base, key: `url:${url}`, userId }))) as never[],
  );
  await t.store.users.insertMany(
    [
      ['ada', 'Ada.Lovelace@contoso.com'],
      ['bo', 'bo.chen@contoso.com'],
      ['cy', 'cy@contoso.com'],
    ].map(([userId, upn]) => ({ tenantId, userId, userPrincipalName: upn, mail: null })) as never[],
  );
  input = {
    store: t.store,
    tenantId,
    scope: null,
    thresholds: { ...DEFAULT_CROSS_RISK_THRESHOLDS, siteMinUsers: 3 },
    hash: (type, value) => `${type}:${value}`,
  };
});
afterAll(async () => t?.close());

describe('a file in another person’s OneDrive', () => {
  it('is the one whose folder is not the reader’s own sign-in name', async () => {
    const found = await otherOneDriveRule(input);
    expect(found.map((f) => [f.rule, f.userId, f.urls])).toEqual([
      ['oversharing-other-onedrive', 'ada', [`${ONEDRIVE}/bo_chen_contoso_com/Documents/pay.xlsx`]],
    ]);
  });
});

describe('a site reached by many users', () => {
  it('is the site a key starts with, named up to a query or fragment', async () => {
    const found = await siteManyUsersRule(input);
    expect(found.map((f) => [f.rule, f.urls, f.title]).sort()).toEqual([
      ['oversharing-site-users', ['https://contoso.sharepoint.com/sites/FinanceTeam'], 'A site reached by 3 users through Copilot'], // prettier-ignore
      ['oversharing-site-users', ['https://contoso.sharepoint.com/teams/LegalOps'], 'A site reached by 3 users through Copilot'], // prettier-ignore
    ]);
  });
});
