import type { FileKind } from './dataSourcePool';

/**
 * How each Copilot experience looks in the export API: its appClass, how often tenants use it, who answers,
 * what the session is about (a document, a meeting, an email...) and what people ask. Prompt templates use
 * {topic}, {customer}, {person} and {file} placeholders filled per turn.
 */
export type SceneKind = 'chat' | 'teams' | 'file' | 'email' | 'plan' | 'form' | 'site' | 'fabric';

export interface AppProfile {
  appClass: string;
  /** Key matched against a department's appAffinity. */
  key: string;
  /** Share of sessions tenant-wide (relative). */
  weight: number;
  /** `from.application.displayName` on responses. */
  responder: string;
  conversationType: 'bizchat' | 'appchat';
  scene: SceneKind;
  fileKind?: FileKind;
  /** contextType of the document/item the session is about. */
  contextType?: string;
  /** Responses carry their text in an Adaptive Card attachment (Microsoft 365 Chat). */
  cardResponses?: boolean;
  prompts: readonly string[];
  responses: readonly string[];
}

export const APP_CLASS_PREFIX = 'IPM.SkypeTeams.Message.Copilot.';
/** Response `from.application.id` in every documented example. */
export const COPILOT_APPLICATION_ID = 'fb8d773d-7ef8-4ec0-a117-179f88add510';

const app = (suffix: string, rest: Omit<AppProfile, 'appClass' | 'key'>): AppProfile => ({
  appClass: APP_CLASS_PREFIX + suffix,
  key: suffix,
  ...rest,
});

/** The 12 catalogued apps with a realistic skew (Chat and Teams dominate, Forms and Whiteboard are rare). */
export const KNOWN_APPS: readonly AppProfile[] = [
  app('BizChat', {
    weight: 34,
    responder: 'Microsoft 365 Chat',
    conversationType: 'bizchat',
    scene: 'chat',
    cardResponses: true,
    prompts: [
      'What should be on my radar from emails last week?',
      'What are the key action items from my recent meetings?',
      'Summarize my meetings with {person} this week',
      'Find the latest version of {file}',
      'What is the status of the {topic}?',
      'Draft an email to {person} about the {topic}',
      'Catch me up on the {customer} account',
      'Create a one-page brief on the {topic} using {file}',
      'What did {person} say about the {topic}?',
      'Prepare me for my meeting with {customer}',
      'Give me talking points for the {topic} review',
      'Which files did {person} share with me recently?',
      'Explain the {topic} in simple terms',
      'What decisions were made about the {topic}?',
    ],
    responses: [
      'Here is what I found about the {topic}.',
      'I found a few relevant meetings and files that might be of interest to you.',
      'Based on your recent emails, meetings and files, here is a summary.',
      'Here are the main points from your recent conversations about {customer}.',
    ],
  }),
  app('Teams', {
    weight: 22,
    responder: 'Copilot in Teams',
    conversationType: 'appchat',
    scene: 'teams',
    prompts: [
      'what was this meeting about?',
      'Summarize the discussion so far',
      'What questions were left unresolved?',
      'List action items with owners',
      'What did {person} say about the {topic}?',
      'Where do people disagree?',
      'Draft meeting notes',
      'Summarize this chat from the last 7 days',
      'What decisions were made in this chat?',
      'Highlight questions directed at me',
    ],
    responses: [
      'I use the transcript to generate insights, and need to hear more discussion before I can get to work. Please try again in a few minutes.',
      'The discussion focused on the {topic}. {person} proposed moving the deadline by two weeks, and the team agreed to revisit the budget on Friday.',
      'Action items: {person} will share the updated numbers, the team will review the {topic} draft, and a follow-up is planned with {customer}.',
      'There were two open questions: who owns the {topic} rollout, and whether {customer} needs a separate contract.',
    ],
  }),
  app('Outlook', {
    weight: 13,
    responder: 'Copilot in Outlook',
    conversationType: 'appchat',
    scene: 'email',
    prompts: [
      'Summarize this email thread',
      'Draft a reply to {person} thanking them for the update on the {topic}',
      'Coach me on this draft',
      'Make this email more concise',
      'What are the action items in this thread?',
      'Draft an email inviting the team to the {topic} review',
      'Write a polite follow-up to {customer} about the renewal',
    ],
    responses: [
      '{person} is asking for feedback on the {topic} by Thursday and wants to know whether {customer} has confirmed the timeline.',
      'Here is a draft: Hi {person}, thank you for the update on the {topic}. I will review the details and get back to you by end of week.',
      'Your draft is clear. Consider opening with the decision you need and shortening the second paragraph.',
    ],
  }),
  app('Word', {
    weight: 10,
    responder: 'Copilot in Word',
    conversationType: 'appchat',
    scene: 'file',
    fileKind: 'docx',
    contextType: 'Document',
    prompts: [
      'Summarize this document',
      'Rewrite this paragraph to be more concise',
      'Draft a proposal for {customer} based on {file}',
      'Make this section sound more formal',
      'Create a table of the key dates',
      'What are the open questions in this document?',
      'Add a conclusion',
      'Draft an introduction about the {topic}',
    ],
    responses: [
      'This document describes the {topic}, its goals, timeline and owners. The main risks are budget and staffing.',
      'Here is a more concise version of the paragraph.',
      'I drafted a proposal for {customer} with an overview, scope, timeline and pricing section.',
      'The document leaves three questions open: budget approval, the launch date, and who signs off for {customer}.',
    ],
  }),
  app('Excel', {
    weight: 5,
    responder: 'Copilot in Excel',
    conversationType: 'appchat',
    scene: 'file',
    fileKind: 'xlsx',
    contextType: 'Workbook',
    prompts: [
      'Show data insights',
      'Add a column that calculates the margin',
      'Highlight the top 10 values in Revenue',
      'Create a PivotTable summarizing sales by region',
      'What trends do you see in this data?',
      'Write a formula to look up prices from the Products sheet',
    ],
    responses: [
      'Revenue grew 12% quarter over quarter, driven mostly by the West region.',
      'I added a Margin column using =([@Revenue]-[@Cost])/[@Revenue].',
      'Here is a PivotTable of sales by region and quarter.',
      'Try =XLOOKUP([@Product], Products[Name], Products[Price]).',
    ],
  }),
  app('PowerPoint', {
    weight: 5,
    responder: 'Copilot in PowerPoint',
    conversationType: 'appchat',
    scene: 'file',
    fileKind: 'pptx',
    contextType: 'Presentation',
    prompts: [
      'Create a presentation from {file}',
      'Summarize this presentation',
      'Add a slide about the {topic}',
      'Organize this presentation',
      'Add speaker notes',
    ],
    responses: [
      'I created an eight-slide presentation with an agenda, key findings and next steps.',
      'This presentation covers the {topic}: goals, progress and the ask for {customer}.',
      'I added a slide about the {topic} after slide 3.',
    ],
  }),
  app('OneNote', {
    weight: 2.5,
    responder: 'Copilot in OneNote',
    conversationType: 'appchat',
    scene: 'file',
    fileKind: 'one',
    contextType: 'Notebook',
    prompts: [
      'Summarize my notes',
      'Create a to-do list from these notes',
      'Rewrite these notes as a status update for {person}',
    ],
    responses: [
      'Your notes cover the {topic} meeting with {customer} and three follow-ups.',
      'To-do: confirm the budget, send the deck to {person}, book the review.',
    ],
  }),
  app('Loop', {
    weight: 2,
    responder: 'Copilot in Loop',
    conversationType: 'appchat',
    scene: 'file',
    fileKind: 'loop',
    contextType: 'LoopPage',
    prompts: [
      'Brainstorm ideas for the {topic}',
      'Create a project plan table for the {topic}',
      'Summarize the changes on this page',
    ],
    responses: [
      'Here are ten ideas for the {topic}, grouped by effort.',
      'I created a table with tasks, owners and due dates.',
      '{person} updated the timeline and added two risks.',
    ],
  }),
  app('Planner', {
    weight: 1.5,
    responder: 'Copilot in Planner',
    conversationType: 'appchat',
    scene: 'plan',
    contextType: 'Plan',
    prompts: ['Create a plan for the {topic}', 'Which tasks are overdue?', 'Summarize the status of this plan'],
    responses: [
      'I created 12 tasks in four buckets for the {topic}.',
      'Three tasks are overdue; two are assigned to {person}.',
      'The plan is 60% complete.',
    ],
  }),
  app('Whiteboard', {
    weight: 1,
    responder: 'Copilot in Whiteboard',
    conversationType: 'appchat',
    scene: 'file',
    fileKind: 'whiteboard',
    contextType: 'Whiteboard',
    prompts: ['Suggest ideas for the {topic}', 'Categorize the sticky notes', 'Summarize this whiteboard'],
    responses: [
      'Here are six ideas to add to the board.',
      'I grouped the notes into Process, People and Tools.',
      'The board maps the {topic} journey in five stages.',
    ],
  }),
  app('Forms', {
    weight: 1,
    responder: 'Copilot in Forms',
    conversationType: 'appchat',
    scene: 'form',
    contextType: 'Form',
    prompts: ['Create a survey about the {topic}', 'Draft a quiz on the {topic} training', 'Summarize the responses'],
    responses: [
      'I drafted a survey with eight questions about the {topic}.',
      'Most respondents rated the {topic} as useful; timing was the main concern.',
    ],
  }),
  app('Stream', {
    weight: 1.5,
    responder: 'Copilot in Stream',
    conversationType: 'appchat',
    scene: 'file',
    fileKind: 'mp4',
    contextType: 'Video',
    prompts: ['Summarize this video', 'What are the key takeaways?', 'When does the speaker talk about the {topic}?'],
    responses: [
      'The recording covers the {topic} in three parts.',
      'Key takeaways: the launch moves to next quarter and {customer} joins the pilot.',
      'The {topic} comes up at 12:40 and 27:15.',
    ],
  }),
];

/** appClasses outside the catalogue (the sync must keep them as "unrecognised" apps, never drop them). */
export const UNKNOWN_APPS: readonly AppProfile[] = [
  app('SharePoint', {
    weight: 7,
    responder: 'Copilot in SharePoint',
    conversationType: 'appchat',
    scene: 'site',
    contextType: 'Site',
    prompts: ['Find the latest {topic} guidelines on this site', 'Summarize the news posts on this site'],
    responses: ['The latest guidelines were updated last month and cover approval steps for the {topic}.'],
  }),
  app('Fabric.Notebook', {
    weight: 3,
    responder: 'Copilot in Fabric',
    conversationType: 'appchat',
    scene: 'fabric',
    contextType: 'Notebook',
    prompts: ['Write PySpark code to aggregate {topic} data by month', 'Explain this cell'],
    responses: [
      'df.groupBy(F.date_trunc("month", "date")).agg(F.sum("amount")).show()',
      'This cell joins the orders table with customers and filters the last 90 days.',
    ],
  }),
];

/** Share of sessions whose appClass is outside the catalogue. */
export const UNKNOWN_APP_RATE = 0.005;
/** Share of PowerPoint sessions spelled `…Copilot.Powerpoint`, as eDiscovery exports show. */
export const POWERPOINT_LOWERCASE_RATE = 0.2;

const BY_CLASS = new Map([...KNOWN_APPS, ...UNKNOWN_APPS].map((p) => [p.appClass.toLowerCase(), p]));

/** The profile for an appClass (case-insensitive); an unheard-of class gets a plain chat-like profile. */
export function profileForAppClass(appClass: string): AppProfile {
  const known = BY_CLASS.get(appClass.toLowerCase());
  if (known) return { ...known, appClass };
  const suffix = appClass.startsWith(APP_CLASS_PREFIX) ? appClass.slice(APP_CLASS_PREFIX.length) : appClass;
  return {
    appClass,
    key: suffix,
    weight: 0,
    responder: `Copilot in ${suffix}`,
    conversationType: 'appchat',
    scene: 'chat',
    prompts: ['Help me get started with the {topic}'],
    responses: ['Here are a few suggestions for the {topic}.'],
  };
}
