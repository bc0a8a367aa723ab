import process from 'node:process';

/**
 * Mutation testing: `npm run test:mutation` (not part of `npm test`: every mutant reruns the tests that cover it).
 * One module at a time on a shared machine, e.g. `npm run test:mutation -- --mutate server/api/csv.ts`.
 * StrykerJS 9.6 because 10 needs Node 22 and the project runs on Node 20. Scores and survivors: docs/testing.md.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  packageManager: 'npm',
  testRunner: 'jest',
  // With MUTATION_TESTS naming the suites, all of them: Jest's related-test search ran only the suites that import a
  // mutated file themselves, missing those that reach it through another module (the Graph gateway's middleware).
  jest: { configFile: 'jest.mutation.config.js', enableFindRelatedTests: !process.env.MUTATION_TESTS },
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
    // The Ask engine's honesty rules: what is asked back or declined, the opening line (test/ask/honestyRules.test.ts,
    // askBackEdges.test.ts, interpretationLine.test.ts).
    'server/core/ask/composeFindings.ts',
    'server/core/ask/executeReplies.ts',
    'server/core/ask/interpretation.ts',
    'server/core/ask/understand.ts',
    // What a question left out, as the opening line says it (test/ask/interpretationEdges.test.ts).
    'server/core/ask/exclusions.ts',
    // A measure's answer (executeMeasure.ts shapes the figures, which the corpus checks against ground truth): a
    // breakdown, narrowing or time filter it cannot take declined saying why; the synced window, unequal periods and
    // people not listed said; a tie at a cut-off counted; small departments merged or withheld
    // (test/ask/measureHonesty.test.ts, askBackEdges.test.ts, rankingTies.test.ts, smallGroupRules.test.ts).
    'server/core/ask/measureDeclines.ts',
    'server/core/ask/measureNotes.ts',
    'server/core/ask/cutOffTies.ts',
    'server/core/ask/smallGroupRows.ts',
    // A condition on each row's figure, and how the answer says it (test/ask/thresholdRows.test.ts).
    'server/core/ask/thresholds.ts',
    // The minimum group size: a small department never shown alone, narrowed to or left out (test/ask/smallGroupRules).
    'server/core/ask/smallGroups.ts',
    // The risk detectors and the masking of their evidence.
    'server/core/risk/credentialRules.ts',
    'server/core/risk/financialRules.ts',
    'server/core/risk/personalDataRules.ts',
    'server/core/risk/injectionRules.ts',
    'server/core/risk/exfiltrationRules.ts',
    'server/core/risk/mask.ts',
    'server/core/risk/urlSecrets.ts',
    'server/core/risk/oversharingRules.ts',
    // The injection phrases' regular expressions (test/core/risk/injectionPatterns.test.ts).
    'server/core/risk/injectionPhrases.ts',
    'server/core/risk/detect.ts',
    // The findings composition: what the scanner writes per rule per interaction (test/core/risk/findingDocuments).
    'server/core/risk/riskScanner.ts',
    // Beside the detectors: the triage list and suppressions, channel alerts, the watch-list, secretlint's preset, the
    // cross-interaction findings (test/core/risk/findingQueries, findingAlerts, watchlistEdges, secretlintTypes, ...).
    'server/core/risk/findingQueries.ts',
    'server/core/risk/findingAlerts.ts',
    'server/core/risk/watchlistRule.ts',
    'server/core/risk/watchlistQueries.ts',
    'server/core/risk/secretlintScanner.ts',
    'server/core/risk/crossRiskScanner.ts',
    'server/core/risk/crossRiskTypes.ts',
    'server/core/risk/aggregateFindings.ts',
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
