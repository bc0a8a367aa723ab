import { Writable } from 'node:stream';
import pino from 'pino';
import { componentLogger, REDACTED_PATHS } from '../../server/logger';

/** A pino root logger (as createLogger builds it) whose lines are kept as written. */
function capturedRoot(): { root: pino.Logger; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  return { root: pino({ base: { app: 'test' }, redact: REDACTED_PATHS }, stream), lines };
}

const keyCount = (line: string, key: string): number => line.split(`"${key}":`).length - 1;

describe('componentLogger', () => {
  it('names a part inside another by subcomponent, so each line carries component once', () => {
    const { root, lines } = capturedRoot();
    const sync = componentLogger(root, 'sync');
    const risk = componentLogger(sync, 'risk', { runId: 'r1' });
    risk.info({ findings: 3 }, 'Cross-interaction risk findings recorded.');
    const line = lines[0]!;
    expect(keyCount(line, 'component')).toBe(1);
    expect(JSON.parse(line)).toMatchObject({ component: 'sync', subcomponent: 'risk', runId: 'r1', findings: 3 });
  });

  it('goes three parts deep without repeating a key, and a top-level part is plain component', () => {
    const { root, lines } = capturedRoot();
    const deep = componentLogger(componentLogger(componentLogger(root, 'demo-graph'), 'graph-simulator'), 'faults');
    deep.warn('Injected a fault.');
    componentLogger(root, 'http').info('Request.');
    const [first, second] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    for (const key of ['component', 'subcomponent', 'part']) expect(keyCount(lines[0]!, key)).toBe(1);
    expect(first).toMatchObject({ component: 'demo-graph', subcomponent: 'graph-simulator', part: 'faults' });
    expect(second).toMatchObject({ component: 'http' });
    expect(second).not.toHaveProperty('subcomponent');
  });
});
