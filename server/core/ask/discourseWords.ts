/**
 * Words that carry a message's grammar or the asker's voice rather than what is counted, by the role they play, so
 * that a new word joins its role rather than a list of exceptions. They are read past: never a person's name, never
 * "not understood". A word that could change what is counted ("failed", "external", "deleted", "guest", "shared",
 * "broken", "missing" alone) belongs to none of these roles and is still asked back. Reporting verbs ("she says",
 * "the CIO claims") are not read past either: they mark a clause as what someone said, read as context around the
 * question (contextClauses.ts), whose words must not become the question's filters; so is the asker's own role ("I
 * manage Sales", "I run Support"), whose department the question's "my people" refers to.
 */
const ROLES: Record<string, string> = {
  // A period, place or thing "seeing" what happened in it ("which day sees the fewest sessions", "who sees the most").
  perception: 'sees saw seen seeing',
  // Whether it works is what a ticket says, never a figure ("has it worked for her", "it works for me").
  functioning: 'worked works',
  // Clause glue and discourse markers ("not yet", "even", "anyway", "though").
  glue: 'yet already even too though although anyway anyhow instead',
  // Chat acknowledgements typed around a question ("ok", "yeah", "sure").
  interjection: 'ok okay yeah yep yes sure cheers',
};

export const DISCOURSE_WORDS: readonly string[] = Object.values(ROLES).flatMap((words) => words.split(' '));
