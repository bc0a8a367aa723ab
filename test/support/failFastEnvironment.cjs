/**
 * The Node test environment for mutation runs (jest.mutation.config.js): once a test of a file fails, the file's
 * remaining tests are skipped. A mutant is killed by its first failing test; Jest's own `bail` counts whole files, so
 * a mutant the oracle's first question kills would otherwise still run the other 900 questions.
 */
const { TestEnvironment } = require('jest-environment-node');

class FailFastEnvironment extends TestEnvironment {
  failed = false;

  async handleTestEvent(event) {
    if (event.name === 'test_fn_failure' || event.name === 'hook_failure') this.failed = true;
    else if (event.name === 'test_start' && this.failed) event.test.mode = 'skip';
  }
}

module.exports = FailFastEnvironment;
