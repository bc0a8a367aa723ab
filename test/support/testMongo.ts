import { startCongo, startEmbeddedMongo } from '../../server/store/embedded/embeddedMongo';
import { createSilentLogger } from '../../server/logger';

export interface TestMongo {
  uri: string;
  engine: string;
  stop(): Promise<void>;
}

/** MONGODB_URI when given; a real mongod when MONGOMS_SYSTEM_BINARY points at one; else CongoDB. */
export async function startTestMongo(): Promise<TestMongo> {
  if (process.env.MONGODB_URI) return { uri: process.env.MONGODB_URI, engine: 'external', stop: async () => {} };
  if (process.env.MONGOMS_SYSTEM_BINARY) {
    const mongo = await startEmbeddedMongo({ dataDir: '.data/test-mongo', logger: createSilentLogger() });
    return mongo;
  }
  return startCongo();
}
