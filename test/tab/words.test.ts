import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../support/buildDist';

/** Every TypeScript file below `dir`. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return sources(file);
    return /\.tsx?$/.test(name) ? [file] : [];
  });
}

/** The names the glossary in docs/tab.md retired, as they would appear in text a person reads. */
const RETIRED: Array<[RegExp, string]> = [
  [/never used/i, 'Licensed without activity'],
  [/never active/i, 'Licensed without activity'],
  [/header: 'Conversations'/, "header: 'Sessions'"],
  [/New conversations/, 'New sessions'],
  [/'m365chat'|"m365chat"/, 'the app display name (Microsoft 365 Chat)'],
  [/Observatory admin role|admins can open it/i, 'a Copilot Observatory role (Viewer, Analyst, Investigator or Admin)'],
];

describe('the words of the tab, the bot and the CSV files', () => {
  const files = ['tab/src', 'bot', 'server/api'].flatMap((dir) => sources(path.join(ROOT, dir)));

  it('use the glossary names, not the retired ones, outside comments', () => {
    const found: string[] = [];
    for (const file of files) {
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (/^\s*(\/\/|\*|\/\*)/.test(line)) return; // a comment, not text anyone reads
          for (const [retired, use] of RETIRED)
            if (retired.test(line)) found.push(`${path.relative(ROOT, file)}:${i + 1}: use ${use}`);
        });
    }
    expect(found).toEqual([]);
  });
});
