import { readFileSync } from 'node:fs';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { AppError } from '../errors';

/**
 * Where Microsoft's published Teams manifest schemas live offline: `@microsoft/app-manifest`, the toolkit's own
 * manifest package, bundles `json-schemas/teams/v<version>/MicrosoftTeams.schema.json` for every version.
 */
export function manifestSchemaPath(manifestVersion: string): string {
  if (!/^\d+\.\d+$/.test(manifestVersion)) {
    throw new AppError('invalid_manifest', `manifestVersion "${manifestVersion}" is not a version like 1.22`, 400);
  }
  return require.resolve(
    `@microsoft/app-manifest/build/json-schemas/teams/v${manifestVersion}/MicrosoftTeams.schema.json`,
  );
}

/** Validates a resolved manifest against the official schema for its `manifestVersion`; returns readable errors. */
export function validateAgainstSchema(manifest: unknown): string[] {
  const version = (manifest as { manifestVersion?: unknown } | null)?.manifestVersion;
  if (typeof version !== 'string') return ['manifestVersion is missing'];
  const schema = JSON.parse(readFileSync(manifestSchemaPath(version), 'utf8')) as Record<string, unknown>;
  // The schemas are draft-04; `strict: false` because they carry keywords ajv does not know (e.g. `deprecationMessage`).
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  if (validate(manifest)) return [];
  return (validate.errors ?? []).map((e) => {
    const where = e.instancePath || '/';
    const extra = e.keyword === 'additionalProperties' ? ` (${String(e.params.additionalProperty)})` : '';
    return `${where} ${e.message ?? 'is invalid'}${extra}`;
  });
}
