import type { SimUser } from './syntheticUsers';
import { Random, type WeightedTable, hashSeed, zipfTable } from './random';
import { CUSTOMERS, TOPICS } from './tenantVocabulary';

/**
 * The tenant-wide files, meetings, sites, plans, forms and web pages Copilot interactions point at. Popularity
 * is Zipf-like, so a handful of documents are referenced by many users (what the data-source views rank).
 */
export type FileKind = 'docx' | 'xlsx' | 'pptx' | 'pdf' | 'loop' | 'one' | 'whiteboard' | 'mp4';

export interface PooledFile {
  kind: FileKind;
  /** File name with extension, as Graph shows it in displayName. */
  name: string;
  /** Canonical SharePoint / OneDrive URL (path segments percent-encoded). */
  url: string;
}

export interface PooledMeeting {
  subject: string;
  /** `19:meeting_<base64>@thread.v2`. */
  threadId: string;
  /** Outlook event id as it appears in Teams meeting-details links (already URL-encoded). */
  eventId: string;
}

export interface PooledPage {
  name: string;
  url: string;
}

export interface DataSourcePool {
  file(kind: FileKind, random: Random): PooledFile;
  meeting(random: Random): PooledMeeting;
  site(random: Random): PooledPage;
  /** A SharePoint site page as Microsoft 365 Chat cites it (`/sites/<site>/SitePages/<page>.aspx`). */
  sitePage(random: Random): PooledPage;
  plan(random: Random): PooledPage;
  form(random: Random): PooledPage;
  web(random: Random): PooledPage;
  /** Number of distinct items per category (for summaries and tests). */
  sizes(): Record<string, number>;
}

const FILE_SHARE: Readonly<Record<FileKind, number>> = {
  docx: 1.5,
  xlsx: 0.8,
  pptx: 0.8,
  pdf: 0.5,
  loop: 0.4,
  one: 0.2,
  whiteboard: 0.15,
  mp4: 0.2,
};
const DOC_WORDS: Readonly<Record<FileKind, readonly string[]>> = {
  docx: ['Proposal', 'Plan', 'Report', 'Brief', 'Policy', 'Requirements', 'Statement of Work', 'Memo', 'Playbook'],
  xlsx: ['Forecast', 'Tracker', 'Budget', 'Model', 'Pipeline', 'Headcount', 'Metrics', 'Inventory'],
  pptx: ['Deck', 'Review', 'Kickoff', 'Pitch', 'Update', 'Readout', 'Overview'],
  pdf: ['Contract', 'Whitepaper', 'Handbook', 'Invoice', 'Datasheet', 'Guidelines'],
  loop: ['Brainstorm', 'Project Notes', 'Standup', 'Retro', 'Task List'],
  one: ['Meeting Notes', 'Research Notes', 'Notebook', 'Journal'],
  whiteboard: ['Whiteboard', 'Architecture Sketch', 'Ideation Board', 'Journey Map'],
  mp4: ['Recording', 'Town Hall', 'Training Session', 'Demo', 'Webinar'],
};
const VERSIONS = ['', '', '', ' v2', ' v3', ' - Draft', ' (Final)', ' 2026', ' - Copy'];
const SITES = [
  'Sales',
  'Marketing',
  'Engineering',
  'Finance',
  'HR',
  'Legal',
  'Operations',
  'Support',
  'IT',
  'Leadership',
  'Projects',
  'Intranet',
  'CustomerSuccess',
  'Product',
  'Communications',
];
const SITE_PAGE_WORDS = ['News', 'Guidelines', 'FAQ', 'Policy', 'Onboarding', 'Announcement', 'Home'];
const MEETING_PATTERNS = [
  'Weekly sync: {topic}',
  '{customer} QBR',
  '{topic} review',
  'Sprint planning',
  'All hands',
  '{customer} kickoff',
  '1:1 check-in',
  '{topic} working session',
  'Leadership staff meeting',
  'Design review: {topic}',
];
const WEB_PAGES: ReadonlyArray<readonly [string, string]> = [
  [
    'Microsoft 365 Copilot overview',
    'https://learn.microsoft.com/en-us/copilot/microsoft-365/microsoft-365-copilot-overview',
  ],
  [
    'Excel formulas and functions',
    'https://support.microsoft.com/en-us/office/formulas-and-functions-294d9486-b332-48ed-b489-abe7d0f9eda9',
  ],
  ['Gartner: AI adoption survey', 'https://www.gartner.com/en/newsroom/ai-adoption'],
  ['Wikipedia: Net present value', 'https://en.wikipedia.org/wiki/Net_present_value'],
  ['Project management basics', 'https://www.pmi.org/about/learn-about-pmi/what-is-project-management'],
  ['GDPR overview', 'https://gdpr.eu/what-is-gdpr/'],
  ['Harvard Business Review: Running effective meetings', 'https://hbr.org/2022/03/how-to-run-an-effective-meeting'],
  ['Azure pricing calculator', 'https://azure.microsoft.com/en-us/pricing/calculator/'],
  ['Stack Overflow: PySpark groupBy', 'https://stackoverflow.com/questions/tagged/pyspark'],
  ['World Bank: GDP data', 'https://data.worldbank.org/indicator/NY.GDP.MKTP.CD'],
];

const scaled = (users: number, factor: number, min: number, max: number): number =>
  Math.max(min, Math.min(max, Math.round(users * factor)));

/** Builds the pool for a tenant; sizes grow with the user count (about 4.5 files per user). */
export function createDataSourcePool(seed: number, tenantName: string, users: readonly SimUser[]): DataSourcePool {
  const random = new Random(hashSeed(seed, 'pool'));
  const spHost = `https://${tenantName}.sharepoint.com`;
  const myHost = `https://${tenantName}-my.sharepoint.com`;
  const title = (): string => (random.chance(0.5) ? titleCase(random.pick(TOPICS)) : random.pick(CUSTOMERS));

  const files = new Map<FileKind, WeightedTable<PooledFile>>();
  for (const kind of Object.keys(FILE_SHARE) as FileKind[]) {
    const count = scaled(users.length, FILE_SHARE[kind], 12, 20_000);
    const list: PooledFile[] = [];
    for (let i = 0; i < count; i++) {
      const name = `${title()} ${random.pick(DOC_WORDS[kind])}${random.pick(VERSIONS)}.${kind}`;
      const owner = users.length > 0 ? (random.pick(users).graph.userPrincipalName ?? 'admin') : 'admin';
      const url = random.chance(0.6)
        ? `${spHost}/sites/${random.pick(SITES)}/Shared%20Documents/${encodeURIComponent(name)}`
        : `${myHost}/personal/${owner.replace(/[@.]/g, '_')}/Documents/${encodeURIComponent(name)}`;
      list.push({ kind, name, url });
    }
    files.set(kind, zipfTable(list));
  }

  const meetingList: PooledMeeting[] = [];
  for (let i = 0, n = scaled(users.length, 0.6, 20, 8_000); i < n; i++) {
    const subject = random
      .pick(MEETING_PATTERNS)
      .replace('{topic}', random.pick(TOPICS))
      .replace('{customer}', random.pick(CUSTOMERS));
    const threadId = `19:meeting_${Buffer.from(random.uuid()).toString('base64').replace(/=+$/, '')}@thread.v2`;
    const eventId = `AAMkAD${random.base64url(30).replace(/[-_]/g, 'x')}BGAAAAAAC5e4DRHIMCQJ${random.base64url(64).replace(/[-_]/g, 'Q')}AAA%3d`;
    meetingList.push({ subject: titleCase(subject), threadId, eventId });
  }

  const page = (name: string, url: string): PooledPage => ({ name, url });
  const sites = SITES.map((s) => page(s, `${spHost}/sites/${s}`));
  const plans = Array.from({ length: scaled(users.length, 0.1, 5, 1_000) }, () =>
    page(
      `${titleCase(random.pick(TOPICS))} plan`,
      `https://planner.cloud.microsoft/webui/plan/${random.base64url(28)}/view/board`,
    ),
  );
  const forms = Array.from({ length: scaled(users.length, 0.1, 5, 1_000) }, () =>
    page(
      `${titleCase(random.pick(TOPICS))} survey`,
      `https://forms.office.com/Pages/DesignPageV2.aspx?id=${random.base64url(48)}`,
    ),
  );
  const meetings = zipfTable(meetingList);
  const siteTable = zipfTable(sites, 0.9);
  const planTable = zipfTable(plans);
  const formTable = zipfTable(forms);
  const webTable = zipfTable(
    WEB_PAGES.map(([name, url]) => page(name, url)),
    0.8,
  );
  // Built last so adding them left every earlier item of a seeded pool unchanged.
  const sitePages = Array.from({ length: scaled(users.length, 0.15, 8, 1_500) }, () => {
    const name = `${titleCase(random.pick(TOPICS))} ${random.pick(SITE_PAGE_WORDS)}`;
    return page(
      name,
      `${spHost}/sites/${random.pick(SITES)}/SitePages/${encodeURIComponent(name.replace(/\s+/g, '-'))}.aspx`,
    );
  });
  const sitePageTable = zipfTable(sitePages);

  return {
    file: (kind, r) => (files.get(kind) as WeightedTable<PooledFile>).draw(r),
    meeting: (r) => meetings.draw(r),
    site: (r) => siteTable.draw(r),
    sitePage: (r) => sitePageTable.draw(r),
    plan: (r) => planTable.draw(r),
    form: (r) => formTable.draw(r),
    web: (r) => webTable.draw(r),
    sizes: () => ({
      ...Object.fromEntries([...files].map(([kind, table]) => [kind, table.size])),
      meetings: meetings.size,
      sites: siteTable.size,
      sitePages: sitePageTable.size,
      plans: planTable.size,
      forms: formTable.size,
      web: webTable.size,
    }),
  };
}

/** Upper-cases the first letter of each word. */
export function titleCase(text: string): string {
  return text.replace(/(^|\s)([a-z])/g, (_, space: string, letter: string) => space + letter.toUpperCase());
}
