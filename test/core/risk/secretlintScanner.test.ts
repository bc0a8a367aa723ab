import { performance } from 'node:perf_hooks';
import { secretLintProfiler } from '@secretlint/profiler';
import { secretlintMatches } from '../../../server/core/risk/secretlintScanner';

describe('secretlint scanner in a long-running process', () => {
  it('keeps no profile of its scans (secretlint would keep a mark per rule per text and search them all on each)', async () => {
    const token = 'ghp_' + 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8';
    for (let i = 0; i < 50; i++) {
      const found = await secretlintMatches({ path: 'body', kind: 'body', text: `deploy with ${token} please (${i})` });
      expect(found.map((m) => m.rule)).toEqual(['secretlint/github']);
    }
    // Let any observer callbacks that were queued run.
    await new Promise((resolve) => setImmediate(resolve));
    expect(await secretLintProfiler.getEntries()).toHaveLength(0);
    expect(performance.getEntriesByType('mark').filter((m) => m.name.includes('secretlint'))).toHaveLength(0);
  });
});

describe('secretlint findings on templates', () => {
  it('drops a connection string whose password is a placeholder, and keeps one with a real-looking password', async () => {
    const scan = (text: string) => secretlintMatches({ path: 'body', kind: 'body', text });
    const template = 'docs say mongodb+srv://<username>:<password>@cluster0.abcd1.mongodb.net/?retryWrites=true';
    expect(await scan(template)).toEqual([]);
    const filled = template.replace('<username>:<password>', `report:${'Hx82kLq9Zp'}${'w4'}`);
    expect((await scan(filled)).map((m) => m.category)).toContain('credential');
  });
});
