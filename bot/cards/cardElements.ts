/** Adaptive Card building blocks. Teams renders schema 1.5, the version every card here declares. */

export type CardElement = Record<string, unknown>;

export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: string;
  version: '1.5';
  body: CardElement[];
  actions?: CardElement[];
  msteams?: { width: 'Full' };
}

export function card(body: CardElement[], actions: CardElement[] = []): AdaptiveCard {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body,
    ...(actions.length > 0 ? { actions } : {}),
    msteams: { width: 'Full' },
  };
}

/** Card text is Markdown in Teams: characters that would format (or link) are escaped. */
export function plainText(value: string): string {
  return value.replace(/([\\`*_{}[\]()#+!|<>~])/g, '\\$1');
}

export const text = (value: string, extra: CardElement = {}): CardElement => ({
  type: 'TextBlock',
  text: plainText(value),
  wrap: true,
  ...extra,
});

export const heading = (value: string): CardElement => text(value, { weight: 'Bolder', size: 'Medium' });

export const facts = (rows: Array<{ title: string; value: string }>): CardElement => ({
  type: 'FactSet',
  facts: rows.map((r) => ({ title: plainText(r.title), value: plainText(r.value) })),
});

/** A button that posts data back to the bot (`value` of the next message activity). */
export const submit = (title: string, data: Record<string, unknown>): CardElement => ({
  type: 'Action.Submit',
  title: title.slice(0, 60),
  // Plain Action.Submit: Teams posts `data` back as the message activity's `value` (a messageBack would replace it).
  data,
});

export const openUrl = (title: string, url: string): CardElement => ({ type: 'Action.OpenUrl', title, url });
