/**
 * Jest for mutation testing (stryker.config.mjs): the usual config without the suites that run the compiled server or
 * CLI as processes or drive a browser (a mutant in the sources would not reach dist/ anyway), and without compiling.
 */
const path = require('node:path');
const base = require('./jest.config');

/** MUTATION_TESTS=a.test.ts,b.test.ts: only these files (the ones that cover the module mutated), paths from here. */
const only = process.env.MUTATION_TESTS?.split(',').map((file) => `<rootDir>/${file.trim()}`);

module.exports = {
  ...base,
  globalSetup: '<rootDir>/test/support/mutationGlobalSetup.ts',
  // A path Stryker can load as it is (it wraps the environment for its coverage analysis).
  testEnvironment: path.join(__dirname, 'test', 'support', 'failFastEnvironment.cjs'),
  ...(only ? { testMatch: only } : {}),
  testPathIgnorePatterns: [
    '/node_modules/',
    '/test/e2e/',
    '/test/cli/',
    '/test/packaging/',
    '/test/scheduling/twoServers',
    '/test/server/productionModules',
    '/test/graph/strictStandInCli',
    '\\.e2e\\.test\\.ts$',
  ],
};
