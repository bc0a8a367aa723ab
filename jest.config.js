/** Jest: TypeScript through swc; ESM-only packages (the CongoDB emulator) compiled too. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.(t|j|mj)sx?$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
    ],
  },
  // Dynamic imports name the compiled file (`./demoGraph.js`, as Node's ESM resolution needs): map them to the source.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transformIgnorePatterns: ['/node_modules/(?!(@push\\.rocks|mingo|agenda|@agendajs|jose|@secretlint)/)'],
  globalSetup: '<rootDir>/test/support/globalSetup.ts',
  globalTeardown: '<rootDir>/test/support/globalTeardown.ts',
  // Suites build synced tenants, servers and browsers on two cores: a set-up can take a minute when two run at once.
  testTimeout: 180000,
  maxWorkers: 2,
};
