import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { findPlaceholders } from '../../server/packaging/placeholders';
import { ROOT } from '../support/buildDist';
import { envKeys, readRepoFile } from './projectFixture';
import { fetchToolkitSchemas } from './toolkitSchemas';

/** One step of a lifecycle (provision, deploy, publish) in a toolkit project file. */
interface Step {
  uses: string;
  name?: string;
  with?: Record<string, unknown>;
  writeToEnvironmentFile?: Record<string, string>;
}

interface ProjectFile {
  version: string;
  provision: Step[];
  deploy?: Step[];
  publish?: Step[];
}

interface JsonSchema {
  definitions: Record<string, { properties?: { uses?: { const?: string } } }>;
}

const FILES = [
  { file: 'teamsapp.yml', env: 'dev' },
  { file: 'teamsapp.local.yml', env: 'local' },
] as const;

function lifecycleSteps(project: ProjectFile): Step[] {
  return [...project.provision, ...(project.deploy ?? []), ...(project.publish ?? [])];
}

/** Env names a step writes: writeToEnvironmentFile targets and `::set-teamsfx-env NAME=` lines of script steps. */
function written(step: Step): string[] {
  const fromScript = [...String(step.with?.run ?? '').matchAll(/::set-teamsfx-env ([A-Z0-9_]+)=/g)].map((m) => m[1]!);
  return [...Object.values(step.writeToEnvironmentFile ?? {}), ...fromScript];
}

let schema: JsonSchema;

beforeAll(() => {
  schema = JSON.parse(readFileSync(fetchToolkitSchemas().yamlSchema, 'utf8')) as JsonSchema;
}, 300_000);

describe.each(FILES)('$file', ({ file, env }) => {
  const text = readRepoFile(file);
  const project = parse(text) as ProjectFile;

  it("conforms to the toolkit's v1.11 project file schema", () => {
    expect(text.split('\n')[0]).toBe(
      '# yaml-language-server: $schema=https://aka.ms/m365-agents-toolkits/v1.11/yaml.schema.json',
    );
    expect(project.version).toBe('v1.11');
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    expect(validate(project) ? [] : validate.errors).toEqual([]);
  });

  it('uses only actions the schema defines', () => {
    const defined = new Set(Object.values(schema.definitions).map((d) => d.properties?.uses?.const));
    const used = lifecycleSteps(project).map((s) => s.uses);
    expect(used.filter((u) => !defined.has(u))).toEqual([]);
    expect(defined.size).toBeGreaterThan(20);
  });

  it('provisions the Teams app first, then the Entra app, the single-tenant bot and the package, updating the app last', () => {
    const steps = project.provision;
    expect(steps[0]!.uses).toBe('teamsApp/create');
    expect(steps.at(-1)!.uses).toBe('teamsApp/update');
    const order = steps.map((s) => s.uses);
    const at = (uses: string) => order.indexOf(uses);
    expect(at('aadApp/create')).toBeLessThan(at('aadApp/update'));
    expect(at('botFramework/create')).toBeGreaterThan(at('aadApp/create'));
    expect(at('teamsApp/validateManifest')).toBeLessThan(at('teamsApp/zipAppPackage'));
    expect(at('teamsApp/zipAppPackage')).toBeLessThan(at('teamsApp/validateAppPackage'));

    const entraApps = steps.filter((s) => s.uses === 'aadApp/create');
    expect(entraApps.map((s) => s.writeToEnvironmentFile?.clientId)).toEqual(['AAD_APP_CLIENT_ID', 'BOT_ID']);
    for (const app of entraApps) {
      expect(app.with).toMatchObject({
        generateClientSecret: true,
        generateServicePrincipal: true,
        signInAudience: 'AzureADMyOrg',
      });
    }
    const bot = steps.find((s) => s.uses === 'botFramework/create')!;
    expect(bot.with).toMatchObject({ botId: '${{BOT_ID}}', messagingEndpoint: '${{BOT_ENDPOINT}}/api/messages' });
    expect(steps.find((s) => s.uses === 'aadApp/update')!.with?.manifestPath).toBe('./aad.manifest.json');
  });

  it('writes secrets only to SECRET_ variables, which the toolkit keeps in the git-ignored .user file', () => {
    const outputs = lifecycleSteps(project).flatMap((s) => Object.entries(s.writeToEnvironmentFile ?? {}));
    const secretOutputs = outputs.filter(([key]) => /secret|password/i.test(key));
    expect(secretOutputs.length).toBeGreaterThanOrEqual(2);
    for (const [, name] of secretOutputs) expect(name).toMatch(/^SECRET_/);
    // Decrypted secrets reach a plain file only for the server's settings: .localConfigs (local) or the
    // App Service settings file (dev), which the next step deletes. Both are git-ignored.
    const steps = lifecycleSteps(project);
    steps.forEach((step, i) => {
      if (step.uses === 'file/createOrUpdateEnvironmentFile') expect(step.with?.target).toBe('./.localConfigs');
      if (step.uses === 'file/createOrUpdateJsonFile') {
        expect(String(step.with?.target)).toMatch(/^\.\/\.deploy\//);
        expect(String(steps[i + 2]?.with?.run)).toContain("rmSync('.deploy'");
      }
    });
  });

  it(`uses only placeholders env/.env.${env} declares or an earlier step writes`, () => {
    const known = new Set([...envKeys(readRepoFile(`env/.env.${env}`)), 'TEAMSFX_ENV']);
    const unknown: string[] = [];
    for (const step of lifecycleSteps(project)) {
      for (const name of findPlaceholders(JSON.stringify(step.with ?? {}))) if (!known.has(name)) unknown.push(name);
      for (const name of written(step)) known.add(name);
    }
    expect(unknown).toEqual([]);
  });
});

describe('the deploy', () => {
  it('builds, sets the App Service settings and zip-deploys to the App Service named in env/.env.dev, leaving sources and env files out', () => {
    const deploy = (parse(readRepoFile('teamsapp.yml')) as ProjectFile).deploy!;
    expect(deploy.map((s) => s.uses)).toEqual([
      'cli/runNpmCommand',
      'cli/runNpmCommand',
      'file/createOrUpdateJsonFile',
      'script',
      'script',
      'script',
      'azureAppService/zipDeploy',
    ]);
    expect(deploy[1]!.with?.args).toBe('run build');
    expect(Object.keys(deploy[2]!.with?.content as object)).toEqual(
      expect.arrayContaining(['TENANT_ID', 'CLIENT_ID', 'CLIENT_SECRET', 'BOT_ID', 'BOT_PASSWORD', 'PUBLIC_URL']),
    );
    expect(deploy[6]!.with).toMatchObject({
      ignoreFile: '.webappignore',
      resourceId: '${{AZURE_APP_SERVICE_RESOURCE_ID}}',
    });
    const ignored = readRepoFile('.webappignore').split('\n');
    expect(ignored).toEqual(expect.arrayContaining(['env/', '.localConfigs', '.deploy/', '.data/', 'test/']));
    expect(ignored).not.toContain('dist/');
  });
});

describe('the env folder', () => {
  /** git check-ignore: exit 0 ignored, 1 not ignored; anything else (no git, not a repository) is an error, not a "no". */
  function gitIgnored(relative: string): boolean {
    const result = spawnSync('git', ['check-ignore', '-q', relative], { cwd: ROOT, encoding: 'utf8' });
    if (result.status === 0) return true;
    if (result.status === 1) return false;
    throw new Error(
      `git check-ignore ${relative} failed (${result.status}): ${result.error?.message ?? result.stderr}`,
    );
  }

  it('commits the env templates and ignores the secret .user files and the local runtime settings', () => {
    expect(existsSync(path.join(ROOT, 'env/.env.dev'))).toBe(true);
    expect(gitIgnored('env/.env.dev')).toBe(false);
    expect(gitIgnored('env/.env.local')).toBe(false);
    expect(gitIgnored('env/.env.dev.user')).toBe(true);
    expect(gitIgnored('env/.env.local.user')).toBe(true);
    expect(gitIgnored('.localConfigs')).toBe(true);
    expect(gitIgnored('.deploy/appsettings.dev.json')).toBe(true);
  });

  it.each(['dev', 'local'])('env/.env.%s holds no secret', (env) => {
    const keys = envKeys(readRepoFile(`env/.env.${env}`));
    expect(keys.filter((k) => /^SECRET_|PASSWORD|CLIENT_SECRET/.test(k))).toEqual([]);
  });
});
