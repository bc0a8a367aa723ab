import path from 'node:path';
import { loadConfig, type Config } from '../config';
import { ConfigError } from '../errors';
import { readLiveRuntimeInfo } from '../runtimeFile';

/** The configuration, or null once its problems are printed to stderr (the command then exits 1). */
export function configOrReport(): Config | null {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return null;
    }
    throw error;
  }
}

/**
 * The demo server running beside this command, when the configuration is the demo's and names no database: a CLI
 * works on its database (and simulator), since the demo keeps its data in its own process.
 */
export function runningDemoOf(config: Config): ReturnType<typeof readLiveRuntimeInfo> | Promise<null> {
  return config.mode === 'demo' && !config.MONGODB_URI
    ? readLiveRuntimeInfo(path.resolve(config.DATA_DIR))
    : Promise.resolve(null);
}
