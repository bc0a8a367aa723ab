import { startTestMongo } from './testMongo';

/**
 * Global setup for mutation runs (jest.mutation.config.js): only the MongoDB-protocol server. The suites that need
 * the compiled server or the built tab are left out there, so each mutant's run starts in a second or two.
 */
export default async function mutationGlobalSetup(): Promise<void> {
  const mongo = await startTestMongo();
  process.env.TEST_MONGODB_URI = mongo.uri;
  process.env.TEST_MONGODB_ENGINE = mongo.engine;
  (globalThis as { __testMongo?: typeof mongo }).__testMongo = mongo;
}
