/**
 * The words a synthetic tenant is made of: people's names, departments with their job titles, offices with
 * their time zones, and other license SKUs. Plain data, kept apart from the generators that use it.
 */

/** Whitespace-separated words (keeps long name lists compact). */
function words(text: string): string[] {
  return text.split(/\s+/).filter(Boolean);
}

/**
 * `|`-separated phrases, each on one line: a line break without `|` joins two phrases into one item ("Relecloud
 * Trey Research"), whose words are kept (every seed picks as before) but never its line break.
 */
function list(text: string): string[] {
  return text
    .split('|')
    .map((s) => s.trim().replace(/\s+/g, ' '))
    .filter(Boolean);
}

/**
 * Microsoft's own demo-tenant people, used for the first users so small tenants look familiar. Every line ends
 * with `|`: a line break alone once joined two names into one item, whose surname then kept the newline.
 */
export const DEMO_PEOPLE: ReadonlyArray<readonly [string, string]> = list(`
  Alex Wilber | Adele Vance | Megan Bowen | Lee Gu | Nestor Wilke | Isaiah Langer | Lidia Holloway |
  Grady Archie | Pradeep Gupta | Diego Siciliani | Lynne Robbins | Miriam Graham |
  Joni Sherman | Henrietta Mueller | Christie Cline | Enrico Cattaneo | Irvin Sayers
`).map((name) => {
  const [given = '', surname = ''] = name.split(/\s+/);
  return [given, surname] as const;
});

export const FIRST_NAMES: readonly string[] = words(`
  Aaron Abigail Adam Adrian Aisha Alan Alice Amara Amelia Ana Andre Andrew Angela Anika Anna Anthony Arjun Ava Ben
  Bianca Brandon Brian Camila Carlos Caroline Catherine Chen Chloe Chris Claire Daniel David Deepa Diana Dmitri
  Elena Eli Elif Emily Emma Eric Ethan Fatima Felix Fiona Gabriel Grace Hana Hannah Harper Hassan Helen Hiroshi
  Ian Ines Isabel Ivan Jack Jacob James Jasmine Javier Jessica Ji-woo Joan John Jordan Jose Julia Kai Karen Kate
  Kenji Kevin Laura Leah Leo Liam Lina Lucas Lucy Luis Maya Marco Maria Mark Martin Mateo Mei Michael Mohammed
  Nadia Naomi Nathan Nina Noah Olivia Omar Oscar Paul Priya Rachel Rafael Rahul Rebecca Ricardo Rosa Ryan Sakura
  Samuel Sara Sean Sofia Sophie Stefan Sunil Tariq Thomas Tomas Valentina Victor Wei William Yara Yusuf Zara Zoe
  Amir Beatriz Carmen Dario Erik Freya Gustavo Hugo Ingrid Jonas Kofi Lars Malik Nora Oliver Pablo Quinn Rohan
  Simone Tanvir Uma Vera Wanjiru Ximena Yuki
`);

export const LAST_NAMES: readonly string[] = words(`
  Adams Ahmed Alvarez Andersen Bailey Baker Banerjee Becker Bennett Brooks Brown Campbell Carter Castillo Chang
  Chen Clarke Collins Cooper Costa Cruz Das Davies Diaz Dubois Edwards Evans Fischer Fisher Flores Foster Garcia
  Gomez Gonzalez Gray Green Hall Hansen Harris Hernandez Hill Hoffmann Hughes Hussain Ibrahim Ito Jackson Jensen
  Johnson Jones Kapoor Kelly Khan Kim King Kowalski Kumar Larsen Lee Lewis Li Lopez Martin Martinez Meyer Miller
  Mitchell Moore Morales Morgan Murphy Nakamura Nguyen Nielsen Novak O'Brien Okafor Olsen Ortiz Park Patel Perez
  Peterson Phillips Popescu Price Quinn Ramirez Reddy Reyes Richter Rivera Roberts Robinson Rodriguez Rossi Russo
  Sanchez Santos Sato Schmidt Schneider Scott Shah Silva Singh Smith Stewart Suzuki Tanaka Taylor Thomas Thompson
  Torres Turner Walker Wang Ward Weber White Williams Wilson Wong Wright Yamamoto Young Zhang Zimmermann Abbott
  Berg Dalton Eriksson Farouk Gallagher Haddad Iyer Jovanovic Keller Lindqvist Mensah Navarro Oyelaran Petrov
  Quintero Sorensen Vargas Weiss
`);

export interface Department {
  name: string;
  /** Share of the workforce. */
  weight: number;
  titles: readonly string[];
  /** Chance a member holds a Microsoft 365 Copilot license. */
  licenseRate: number;
  /** Multipliers on the tenant-wide app mix (Finance lives in Excel, Sales in Outlook and PowerPoint...). */
  appAffinity: Readonly<Record<string, number>>;
}

export const DEPARTMENTS: readonly Department[] = [
  {
    name: 'Sales',
    weight: 15,
    licenseRate: 0.8,
    appAffinity: { Outlook: 1.8, PowerPoint: 1.6, Teams: 1.2 },
    titles: [
      'Account Executive',
      'Account Manager',
      'Sales Manager',
      'Sales Director',
      'Inside Sales Representative',
      'Solutions Specialist',
    ],
  },
  {
    name: 'Marketing',
    weight: 10,
    licenseRate: 0.8,
    appAffinity: { Word: 1.8, PowerPoint: 1.8, Forms: 2, Stream: 1.5 },
    titles: [
      'Marketing Manager',
      'Content Strategist',
      'Product Marketing Manager',
      'Brand Manager',
      'Digital Marketing Specialist',
      'Marketing Director',
    ],
  },
  {
    name: 'Engineering',
    weight: 20,
    licenseRate: 0.65,
    appAffinity: { Loop: 2.2, Teams: 1.3, Whiteboard: 1.8, OneNote: 1.3 },
    titles: [
      'Software Engineer',
      'Senior Software Engineer',
      'Principal Engineer',
      'Engineering Manager',
      'QA Engineer',
      'DevOps Engineer',
      'Product Manager',
    ],
  },
  {
    name: 'Finance',
    weight: 8,
    licenseRate: 0.75,
    appAffinity: { Excel: 3.5, Outlook: 1.2 },
    titles: ['Financial Analyst', 'Accountant', 'Controller', 'Finance Manager', 'FP&A Lead'],
  },
  {
    name: 'HR',
    weight: 5,
    licenseRate: 0.7,
    appAffinity: { Word: 1.6, Forms: 2.5, Outlook: 1.3 },
    titles: ['HR Generalist', 'Recruiter', 'HR Business Partner', 'Talent Acquisition Manager', 'HR Director'],
  },
  {
    name: 'Legal',
    weight: 3,
    licenseRate: 0.75,
    appAffinity: { Word: 3, Outlook: 1.3 },
    titles: ['Corporate Counsel', 'Paralegal', 'Contracts Manager', 'General Counsel'],
  },
  {
    name: 'Operations',
    weight: 12,
    licenseRate: 0.6,
    appAffinity: { Planner: 2.5, Excel: 1.5, Loop: 1.3 },
    titles: [
      'Operations Manager',
      'Program Manager',
      'Supply Chain Analyst',
      'Logistics Coordinator',
      'Project Manager',
    ],
  },
  {
    name: 'Support',
    weight: 12,
    licenseRate: 0.55,
    appAffinity: { Teams: 1.5, OneNote: 1.6, Outlook: 1.3 },
    titles: ['Support Engineer', 'Customer Success Manager', 'Support Team Lead', 'Technical Support Specialist'],
  },
  {
    name: 'IT',
    weight: 8,
    licenseRate: 0.8,
    appAffinity: { Teams: 1.3, Excel: 1.2, Planner: 1.3, Stream: 1.3 },
    titles: [
      'Systems Administrator',
      'IT Manager',
      'Security Analyst',
      'Cloud Architect',
      'Helpdesk Technician',
      'Microsoft 365 Administrator',
    ],
  },
  {
    name: 'Executive',
    weight: 2,
    licenseRate: 0.95,
    appAffinity: { Outlook: 1.6, PowerPoint: 1.4, BizChat: 1.3 },
    titles: [
      'Chief Executive Officer',
      'Chief Financial Officer',
      'Chief Operating Officer',
      'Chief Technology Officer',
      'VP of Sales',
      'Chief of Staff',
      'Executive Assistant',
    ],
  },
];

export interface Office {
  name: string;
  weight: number;
  /** Hours from UTC (no daylight saving: good enough for working-hour skew). */
  utcOffsetHours: number;
  locale: string;
  usageLocation: string;
}

export const OFFICES: readonly Office[] = [
  { name: 'Seattle', weight: 18, utcOffsetHours: -8, locale: 'en-us', usageLocation: 'US' },
  { name: 'Redmond', weight: 10, utcOffsetHours: -8, locale: 'en-us', usageLocation: 'US' },
  { name: 'New York', weight: 14, utcOffsetHours: -5, locale: 'en-us', usageLocation: 'US' },
  { name: 'Chicago', weight: 8, utcOffsetHours: -6, locale: 'en-us', usageLocation: 'US' },
  { name: 'London', weight: 12, utcOffsetHours: 0, locale: 'en-gb', usageLocation: 'GB' },
  { name: 'Dublin', weight: 5, utcOffsetHours: 0, locale: 'en-gb', usageLocation: 'IE' },
  { name: 'Munich', weight: 6, utcOffsetHours: 1, locale: 'de-de', usageLocation: 'DE' },
  { name: 'Paris', weight: 4, utcOffsetHours: 1, locale: 'fr-fr', usageLocation: 'FR' },
  { name: 'Bangalore', weight: 9, utcOffsetHours: 5.5, locale: 'en-us', usageLocation: 'IN' },
  { name: 'Singapore', weight: 5, utcOffsetHours: 8, locale: 'en-us', usageLocation: 'SG' },
  { name: 'Sydney', weight: 4, utcOffsetHours: 10, locale: 'en-au', usageLocation: 'AU' },
  { name: 'Remote', weight: 5, utcOffsetHours: -6, locale: 'en-us', usageLocation: 'US' },
];

/** Other Microsoft 365 SKUs (licensing-service-plan reference): users hold one of these besides or instead of Copilot. */
export const OTHER_SKUS = {
  /** SPE_E5, Microsoft 365 E5. */
  e5: '06ebc4ee-1bb5-47dd-8120-11324bc54e06',
  /** SPE_E3, Microsoft 365 E3. */
  e3: '05e9a617-0261-4cee-bb44-138d3ef5d965',
  /** SPE_F1, Microsoft 365 F3. */
  f3: '66b55226-6b4f-492c-910c-a3b7a3c9d993',
} as const;

/** The eight service plans of the Microsoft_365_Copilot SKU (Microsoft Learn: Product names and service plan identifiers for licensing); `service` names are illustrative. */
export const COPILOT_SERVICE_PLANS: ReadonlyArray<{ id: string; service: string }> = [
  { id: 'fe6c28b3-d468-44ea-bbd0-a10a5167435c', service: 'CopilotStudio' },
  { id: '82d30987-df9b-4486-b146-198b21d164c7', service: 'GraphConnectors' },
  { id: '931e4a88-a67f-48b5-814f-16a5f1e6028d', service: 'M365CopilotSearch' },
  { id: '0aedf20c-091d-420b-aadf-30c042609612', service: 'SharePoint' },
  { id: 'b95945de-b3bd-46db-8437-f2beb6ea2347', service: 'TeamspaceAPI' },
  { id: 'a62f8878-de10-42f3-b68f-6149a25ceb97', service: 'M365CopilotApps' },
  { id: '3f30311c-6b1e-48a4-ab79-725b469da960', service: 'M365CopilotChat' },
  { id: '89f1c4c8-0878-40f7-804d-869c9128ab5d', service: 'PowerPlatformConnectors' },
];

/** A few core plans every E3/E5/F3 user has (Exchange, SharePoint, Teams). */
export const CORE_SERVICE_PLANS: ReadonlyArray<{ id: string; service: string }> = [
  { id: 'efb87545-963c-4e0d-99df-69c6916d9eb0', service: 'exchange' },
  { id: '5dbe027f-2339-4123-9542-606e4d348a72', service: 'SharePoint' },
  { id: '57ff2da0-773e-42df-b2af-ffb7a2317929', service: 'TeamspaceAPI' },
];

/** Tenant names; the seed picks one. */
export const TENANT_NAMES: readonly string[] = [
  'contoso',
  'fabrikam',
  'northwind',
  'tailspin',
  'woodgrove',
  'adatum',
  'litware',
  'proseware',
];

/** Topics, customers and projects that prompts, files and meetings talk about. */
export const TOPICS: readonly string[] = list(`
  Q3 budget | FY27 planning | product launch | customer onboarding | pricing update | hiring plan
  security review | vendor contract | roadmap | quarterly business review | marketing campaign
  migration to the cloud | release notes | incident postmortem | sales pipeline | compliance audit
  partner program | offsite agenda | support backlog | data retention policy | OKRs | training plan
  renewal forecast | brand refresh | expense policy
`);

export const CUSTOMERS: readonly string[] = list(`
  Northwind Traders | Fourth Coffee | Alpine Ski House | Blue Yonder Airlines | Coho Winery | Relecloud
  Trey Research | Wide World Importers | Lamna Healthcare | Margie's Travel | VanArsdel | Woodgrove Bank
`);
