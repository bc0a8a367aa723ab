import { readFileSync, writeFileSync } from 'node:fs';
import { startAppHarness } from '../support/appHarness';
import { askedQuery, engineDeps } from '../ask/askKit';

test('harness probe', async () => {
  const h = await startAppHarness({ userCount: 40, seed: 11, referenceTime: new Date('2026-11-20T12:00:00.000Z') });
  const deps = engineDeps(h);
  const out: string[] = [];
  for (const q of readFileSync('/tmp/notes/hprobe.txt', 'utf8').split('\n').filter((l) => l.trim())) {
    try {
      const { a, rows } = await askedQuery(deps, q);
      out.push(`# ${q}`, `  I: ${a.interpretation}`, `  S: ${a.summary ?? ''}`, `  C: ${JSON.stringify(a.columns ?? '')}`);
      for (const r of rows.slice(0, 6)) out.push(`  R: ${JSON.stringify(r)}`);
      out.push(`  (${rows.length} rows)`);
    } catch (e) {
      out.push(`# ${q}`, `  ERR ${(e as Error).message}`);
    }
  }
  writeFileSync('/tmp/notes/hprobe.out', out.join('\n') + '\n');
  await h.close();
}, 240_000);
