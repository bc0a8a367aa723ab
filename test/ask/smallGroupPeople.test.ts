import { ask } from '../../server/core/ask/engine';
import { SMALL_GROUPS } from '../../server/core/insights/departmentTypes';
import { openDirectoryEngines, type DirectoryEngines, type DirectoryPerson } from './directoryEngine';

/**
 * Licence holders and idle licences counted by department follow the minimum group size (5 licensed users) as usage
 * figures do: a smaller department is counted within "Other (small groups)", withheld while even merged it is smaller.
 */
const now = new Date('2026-11-20T12:00:00.000Z');
const staff = (department: string, n: number, from: number): DirectoryPerson[] =>
  Array.from({ length: n }, (_, i) => [`${department}-${from + i}`, `Person${from + i} ${department}`, department]);

let engines: DirectoryEngines;
beforeAll(async () => {
  engines = await openDirectoryEngines(
    'small-group-people',
    {
      merged: [...staff('Sales', 5, 0), ...staff('Operations', 2, 10), ...staff('Legal', 2, 20), ...staff('HR', 2, 30)],
      withheld: [...staff('Sales', 5, 0), ...staff('Operations', 4, 10)],
    },
    now,
  );
});
afterAll(() => engines.close());

describe('people counted by department', () => {
  test.each([
    'licensed users by department',
    'idle licences by department',
    'licensed users without activity by department',
  ])('merges the small departments for "%s"', async (question) => {
    const answer = await ask(engines.deps('merged'), question);
    expect(answer.kind).toBe('table');
    expect(answer.rows.map((r) => [r.department, r.value])).toEqual([
      [SMALL_GROUPS, 6],
      ['Sales', 5],
    ]);
    expect(answer.summary).toContain(`merged into "${SMALL_GROUPS}"`);
  });

  it('withholds the merged row while it is still under the minimum', async () => {
    const answer = await ask(engines.deps('withheld'), 'licensed users by department');
    expect(answer.rows.map((r) => [r.department, r.value])).toEqual([['Sales', 5]]);
    expect(answer.summary).toContain('is withheld');
    expect(JSON.stringify(answer.rows)).not.toContain('Operations');
  });
});
