/**
 * Mutation testing: `npm run test:mutation` (not part of `npm test`: every mutant reruns the tests that cover it).
 * One module at a time on a shared machine, e.g. `npm run test:mutation -- --mutate server/api/csv.ts`.
 * StrykerJS 9.6 because 10 needs Node 22 and the project runs on Node 20. Scores and survivors: docs/testing.md.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  packageManager: 'npm',
  testRunner: 'jest',
  jest: { configFile: 'jest.mutation.config.js', enableFindRelatedTests: true },
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.json',
  mutate: [
    'server/core/sync/**/*.ts',
    'server/graph/middleware/**/*.ts',
    'server/graph/pageReader.ts',
    'server/auth/**/*.ts',
    'server/api/csv.ts',
    'server/core/insights/accessLog.ts',
    'server/api/conversationsRouter.ts',
  ],
  coverageAnalysis: 'perTest',
  concurrency: 1,
  timeoutMS: 60_000,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  // Not copied into the sandbox: what the mutation Jest config never runs, and local state.
  ignorePatterns: ['dist', '.data', 'reports', 'test/e2e', 'appPackage/build', '.cache', 'test-artifacts'],
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
