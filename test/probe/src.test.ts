import { takeNamedSource } from '../../server/core/ask/namedSources';
import { corpusContext, readCorpusTenant } from '../ask/corpusTenant';
test('src', async () => {
  const ctx = corpusContext(readCorpusTenant(), new Date('2026-11-20T12:00:00Z'));
  const t = "which files with 'policy' in the name were referenced by copilot?";
  console.log(JSON.stringify(await takeNamedSource(t, t, ctx.sources, ctx.departments)));
});
