import { readFileSync, writeFileSync } from 'node:fs';
import { corpusContext, readCorpusTenant, understandOver } from '../ask/corpusTenant';

test('probe', async () => {
  const ctx = corpusContext(readCorpusTenant(), new Date('2026-11-20T12:00:00Z'));
  const qs = readFileSync('/tmp/notes/probe.txt', 'utf8').split('\n').filter((l) => l.trim());
  const out: string[] = [];
  for (const q of qs) out.push(q, ' = ' + JSON.stringify(await understandOver(ctx, q)));
  writeFileSync('/tmp/notes/probe.out', out.join('\n') + '\n');
});
