import { buildDist } from './buildDist';
import { buildTab } from './buildTab';
import { startTestMongo } from './testMongo';

/**
 * Compiles the server, then starts one MongoDB-protocol server for the whole run (MONGODB_URI if set, else a real mongod if one is
 * configured, else the CongoDB emulator) and hands its URI to the test workers through the environment.
 */
export default async function globalSetup(): Promise<void> {
  // Some suites run the compiled CLI and server as real processes: compile once, before any worker starts.
  buildDist();
  // The browser tests serve the built tab through the real server.
  buildTab();
  const mongo = await startTestMongo();
  process.env.TEST_MONGODB_URI = mongo.uri;
  process.env.TEST_MONGODB_ENGINE = mongo.engine;
  (globalThis as { __testMongo?: typeof mongo }).__testMongo = mongo;
  if (mongo.engine === 'congodb') {
    process.stderr.write(
      '\n[test] MongoDB: the CongoDB emulator (no mongod can be installed here). Unique secondary indexes are not\n' +
        '[test] enforced by it; set MONGODB_URI to run the suite against a real MongoDB.\n',
    );
  }
}
