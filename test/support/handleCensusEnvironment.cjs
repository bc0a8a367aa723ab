// A jest test environment (Node's) that writes, after each test file, the resources the file left holding the event
// loop open when its environment was torn down and how long until they closed (see handleCensus.cjs). Diagnostic:
//   npx jest <files> --maxWorkers=1 --testEnvironment ./test/support/handleCensusEnvironment.cjs
// The report goes to HANDLE_CENSUS_OUT (default test-artifacts/handle-census.log).
const { TestEnvironment } = require('jest-environment-node');
const census = require('./handleCensus.cjs');

class HandleCensusEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    this.testPath = context.testPath;
    this.since = census.mark();
  }

  async teardown() {
    await super.teardown();
    await census.report(this.testPath.replace(`${process.cwd()}/`, ''), this.since);
  }
}

module.exports = HandleCensusEnvironment;
