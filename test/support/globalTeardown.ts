/** Stops the server globalSetup started. */
export default async function globalTeardown(): Promise<void> {
  const mongo = (globalThis as { __testMongo?: { stop(): Promise<void> } }).__testMongo;
  await mongo?.stop();
}
