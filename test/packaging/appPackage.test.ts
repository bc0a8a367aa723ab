import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { PNG } from 'pngjs';
import { AppError } from '../../server/errors';
import { buildAppPackage } from '../../server/packaging/buildAppPackage';
import { findPlaceholders } from '../../server/packaging/placeholders';
import { formatHash, parseHash } from '../../tab/src/routing/routes';
import { ROOT } from '../support/buildDist';
import { copyProject, envKeys, fillEnv, PROVISIONED, readRepoFile, type ProjectFixture } from './projectFixture';
import { readZip } from './readZip';

const CLI = path.join(ROOT, 'dist/server/cli/packageApp.js');
const OFFICIAL_SCHEMA = path.join(
  ROOT,
  'node_modules/@microsoft/app-manifest/build/json-schemas/teams/v1.22/MicrosoftTeams.schema.json',
);

function runCli(
  args: string[],
  env: Record<string, string>,
): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The parts of a resolved manifest these tests read. */
interface PackagedManifest {
  id: string;
  name: { short: string };
  bots: { botId: string; scopes: string[]; commandLists: { commands: { title: string; description: string }[] }[] }[];
  staticTabs: { contentUrl?: string; scopes: string[] }[];
  configurableTabs: { configurationUrl: string; scopes: string[] }[];
  validDomains: string[];
  webApplicationInfo: { id: string; resource: string };
}

function packagedManifest(file: string): PackagedManifest {
  return JSON.parse(readFileSync(file, 'utf8')) as PackagedManifest;
}

function decodePng(bytes: Buffer): PNG {
  return PNG.sync.read(bytes);
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected the packaging to fail');
}

describe('npm run package (the compiled CLI)', () => {
  let out: string;
  let result: ReturnType<typeof runCli>;

  beforeAll(() => {
    out = mkdtempSync(path.join(tmpdir(), 'observatory-build-'));
    result = runCli(['--env', 'dev', '--out', out], { ...PROVISIONED });
  });
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('resolves every placeholder from the environment and writes manifest.dev.json and appPackage.dev.zip', () => {
    expect(result.stderr).toContain('Teams app package written');
    expect(result.status).toBe(0);
    const summary = JSON.parse(result.stdout.trim().split('\n').pop()!) as { entries: string[]; envFiles: string[] };
    expect(summary.entries).toEqual(['manifest.json', 'color.png', 'outline.png']);
    expect(summary.envFiles).toEqual([path.join('env', '.env.dev')]);
    const text = readFileSync(path.join(out, 'manifest.dev.json'), 'utf8');
    expect(text).not.toContain('${{');
    const manifest = JSON.parse(text) as PackagedManifest;
    expect(manifest.id).toBe(PROVISIONED.TEAMS_APP_ID);
    expect(manifest.bots[0]!.botId).toBe(PROVISIONED.BOT_ID);
    expect(manifest.webApplicationInfo).toEqual({
      id: PROVISIONED.AAD_APP_CLIENT_ID,
      resource: `api://${PROVISIONED.TAB_DOMAIN}/${PROVISIONED.AAD_APP_CLIENT_ID}`,
    });
    expect(manifest.validDomains).toEqual([PROVISIONED.TAB_DOMAIN]);
    expect(manifest.name.short).toBe('Copilot Observatory'); // dev's APP_NAME_SUFFIX is empty, and substituted
  });

  it("writes a manifest that validates against Microsoft's published v1.22 schema", () => {
    const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.dev.json'), 'utf8')) as Record<string, unknown>;
    expect(manifest.manifestVersion).toBe('1.22');
    expect(manifest.$schema).toBe(
      'https://developer.microsoft.com/json-schemas/teams/v1.22/MicrosoftTeams.schema.json',
    );
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(OFFICIAL_SCHEMA, 'utf8')) as object);
    expect(validate(manifest) ? [] : validate.errors).toEqual([]);
  });

  it('declares the personal tab, the channel tab with its configuration page and the bot with its commands', () => {
    const manifest = packagedManifest(path.join(out, 'manifest.dev.json'));
    const origin = PROVISIONED.TAB_ENDPOINT;
    expect(manifest.staticTabs[0]).toMatchObject({ contentUrl: `${origin}/tab/`, scopes: ['personal'] });
    expect(manifest.configurableTabs).toEqual([
      expect.objectContaining({ configurationUrl: `${origin}/tab/#/config`, scopes: ['team', 'groupChat'] }),
    ]);
    // The configuration page is a route the tab's router knows (an unknown hash would fall back to the Overview,
    // which never enables Teams' Save button).
    const configurationUrl = new URL(manifest.configurableTabs[0]!.configurationUrl);
    expect(configurationUrl.pathname).toBe('/tab/');
    const route = parseHash(configurationUrl.hash);
    expect(route.view).toBe('config');
    expect(formatHash(route.view)).toBe(configurationUrl.hash);
    expect(manifest.bots[0]!.scopes).toEqual(['personal', 'team', 'groupChat']);
    const commands = manifest.bots[0]!.commandLists[0]!.commands;
    expect(commands.map((c) => c.title)).toEqual(
      expect.arrayContaining(['help', 'status', 'sync now', 'subscribe', 'unsubscribe']),
    );
    for (const command of commands) expect(command.description.length).toBeGreaterThan(0);
  });

  it('zips exactly manifest.json, color.png (192×192, full colour) and outline.png (32×32, white on transparent)', () => {
    const entries = readZip(path.join(out, 'appPackage.dev.zip'));
    expect([...entries.keys()].sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    expect(entries.get('manifest.json')!.toString('utf8')).toBe(
      readFileSync(path.join(out, 'manifest.dev.json'), 'utf8'),
    );

    const color = decodePng(entries.get('color.png')!);
    expect([color.width, color.height]).toEqual([192, 192]);
    const colours = new Set<number>();
    let notOpaque = 0;
    for (let i = 0; i < color.data.length; i += 4) {
      if (color.data[i + 3] !== 255) notOpaque++;
      colours.add(color.data.readUInt32BE(i));
    }
    expect(notOpaque).toBe(0);
    expect(colours.size).toBeGreaterThan(100); // a drawn, anti-aliased icon, not a flat square

    const outline = decodePng(entries.get('outline.png')!);
    expect([outline.width, outline.height]).toEqual([32, 32]);
    const pixels = { transparent: 0, white: 0, other: 0 };
    for (let i = 0; i < outline.data.length; i += 4) {
      const [r, g, b, a] = outline.data.subarray(i, i + 4);
      if (a === 0) pixels.transparent++;
      else if (r === 255 && g === 255 && b === 255 && a === 255) pixels.white++;
      else pixels.other++;
    }
    expect(pixels.other).toBe(0);
    expect(pixels.white).toBeGreaterThan(100);
    expect(pixels.transparent).toBeGreaterThan(100);
  });

  it('fails without a zip, naming every placeholder that has no value, when the env file is not provisioned', () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'observatory-build-'));
    try {
      const failed = runCli(['--env', 'dev', '--out', empty], { TAB_ENDPOINT: PROVISIONED.TAB_ENDPOINT });
      expect(failed.status).toBe(1);
      for (const name of ['TEAMS_APP_ID', 'BOT_ID', 'AAD_APP_CLIENT_ID', 'TAB_DOMAIN', 'PRIVACY_URL']) {
        expect(failed.stderr).toContain('${{' + name + '}}');
      }
      expect(failed.stderr).not.toContain('${{TAB_ENDPOINT}}');
      expect(failed.stderr).toContain('env/.env.dev');
      expect(existsSync(path.join(empty, 'appPackage.dev.zip'))).toBe(false);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('refuses an unknown option and an environment that does not exist', () => {
    expect(runCli(['--envv', 'dev'], {}).status).toBe(2);
    const missing = runCli(['--env', 'staging'], { ...PROVISIONED });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('.env.staging does not exist');
    expect(runCli(['--env', '../etc'], {}).stderr).toContain('is not a Teams Toolkit environment name');
  });
});

describe('the env templates', () => {
  const placeholders = findPlaceholders(readRepoFile('appPackage/manifest.json'));

  it.each(['dev', 'local'])('declare every placeholder the manifest uses (env/.env.%s)', (name) => {
    const keys = envKeys(readRepoFile(`env/.env.${name}`));
    expect(placeholders.filter((p) => !keys.includes(p))).toEqual([]);
  });

  it.each(['dev', 'local'])('package once provision has filled env/.env.%s, with no placeholder left', async (name) => {
    const project = copyProject();
    try {
      project.write(`env/.env.${name}`, fillEnv(readRepoFile(`env/.env.${name}`), PROVISIONED));
      const built = await buildAppPackage({ rootDir: project.root, envName: name, processEnv: {} });
      expect(readFileSync(built.manifestFile, 'utf8')).not.toContain('${{');
      expect(readZip(built.zipFile).size).toBe(3);
      const suffix = name === 'local' ? ' (local)' : '';
      expect((built.manifest.name as { short: string }).short).toBe(`Copilot Observatory${suffix}`);
    } finally {
      project.remove();
    }
  });
});

describe('package validation', () => {
  let project: ProjectFixture;
  beforeEach(() => {
    project = copyProject();
    project.write('env/.env.dev', fillEnv(readRepoFile('env/.env.dev'), PROVISIONED));
  });
  afterEach(() => project.remove());

  const build = (processEnv: Record<string, string> = {}) =>
    buildAppPackage({ rootDir: project.root, envName: 'dev', processEnv });

  it('takes the process environment over env/.env.dev, and env/.env.dev over env/.env.dev.user', async () => {
    project.write('env/.env.dev', fillEnv(readRepoFile('env/.env.dev'), { ...PROVISIONED, BOT_ID: '' }));
    project.write(
      'env/.env.dev.user',
      `BOT_ID=${PROVISIONED.BOT_ID}\nTEAMS_APP_ID=6a5b4c3d-2e1f-4a0b-9c8d-7e6f5a4b3c2d\n`,
    );
    const overridden = 'c0ffee00-1234-4567-89ab-cdef01234567';
    const built = await build({ AAD_APP_CLIENT_ID: overridden });
    expect(built.envFiles.map((f) => path.basename(f))).toEqual(['.env.dev', '.env.dev.user']);
    expect(built.manifest.id).toBe(PROVISIONED.TEAMS_APP_ID); // .env.dev wins over .user
    expect((built.manifest.bots as { botId: string }[])[0]!.botId).toBe(PROVISIONED.BOT_ID); // .user fills a gap
    expect(built.manifest.webApplicationInfo).toEqual({
      id: overridden,
      resource: `api://${PROVISIONED.TAB_DOMAIN}/${overridden}`,
    });
  });

  it('fails with code unresolved_placeholders listing each missing name', async () => {
    project.write(
      'env/.env.dev',
      fillEnv(readRepoFile('env/.env.dev'), { ...PROVISIONED, BOT_ID: '', TAB_DOMAIN: '' }),
    );
    const error = await rejection(build());
    expect(error.code).toBe('unresolved_placeholders');
    expect(error.details).toEqual({ unresolved: ['BOT_ID', 'TAB_DOMAIN'] });
    expect(error.message).toContain('${{BOT_ID}}, ${{TAB_DOMAIN}}');
  });

  it('refuses a value that breaks the official schema, naming where', async () => {
    const error = await rejection(build({ TEAMS_APP_ID: 'not-a-guid' }));
    expect(error.code).toBe('invalid_app_package');
    expect(error.message).toContain('schema: /id must match pattern');
  });

  it('refuses what the schema lets through but Teams does not: http URLs and hosts outside validDomains', async () => {
    const error = await rejection(build({ TAB_ENDPOINT: 'http://elsewhere.contoso.com' }));
    const problems = (error.details as { problems: string[] }).problems;
    expect(problems).toEqual(
      expect.arrayContaining([
        'staticTabs[0].contentUrl: "http://elsewhere.contoso.com/tab/" must be an https:// URL',
        'configurableTabs[0].configurationUrl: the host of "http://elsewhere.contoso.com/tab/#/config" is not in validDomains',
      ]),
    );
  });

  it('refuses an outline icon with a semi-transparent pixel and a colour icon of the wrong size', async () => {
    const outline = decodePng(readFileSync(path.join(ROOT, 'appPackage/outline.png')));
    outline.data[3] = 128; // first pixel half transparent
    project.write('appPackage/outline.png', PNG.sync.write(outline));
    project.write('appPackage/color.png', PNG.sync.write(new PNG({ width: 96, height: 96 })));
    const error = await rejection(build());
    expect((error.details as { problems: string[] }).problems).toEqual([
      'color.png is 96×96; Teams needs 192×192',
      'outline.png has 1 pixels that are neither opaque white nor fully transparent',
    ]);
    expect(existsSync(path.join(project.root, 'appPackage/build/appPackage.dev.zip'))).toBe(false);
  });
});

describe('the icons', () => {
  it('are exactly what scripts/draw-icons.js draws', () => {
    expect(() => execFileSync(process.execPath, [path.join(ROOT, 'scripts/draw-icons.js'), '--check'])).not.toThrow();
  });
});
