#!/usr/bin/env node
/**
 * Fetches the Microsoft 365 Agents Toolkit (Teams Toolkit) files our offline tests check the project files against:
 * the v1.11 `teamsapp.yml` JSON schema and the toolkit's Microsoft Graph permission catalogue.
 *
 * They ship only inside `@microsoft/teamsfx-core` (a 25 MB tarball), so this packs that exact version from the npm
 * registry with `npm pack`, checks the tarball against the sha512 pinned below, extracts just those two files with
 * `tar`, and keeps them in the git-ignored `.cache/toolkit-schemas/`. Already there: nothing is downloaded.
 *
 * Usage: node scripts/fetch-toolkit-schemas.js
 * The last stdout line is a JSON object with the absolute paths of the cached files.
 */
'use strict';

const { execFileSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const PACKAGE = '@microsoft/teamsfx-core@3.1.3';
/** `npm view @microsoft/teamsfx-core@3.1.3 dist.integrity` */
const INTEGRITY = 'sha512-FnNzDGblM24//EWVAjY8BHP+sempRlTrAK+PR5SWvJK0r8IGBAZDjsT+PMh1a5Oi2C5n/njgnH+i8TKaBTky7g==';
/** Cached file name -> its path inside the tarball. */
const FILES = {
  'yaml.schema.v1.11.json': 'package/resource/yaml-schema/v1.11/yaml.schema.json',
  'graph-permissions.json': 'package/build/component/driver/aad/permissions/permissions.json',
};

const CACHE_ROOT = path.resolve(__dirname, '..', '.cache', 'toolkit-schemas');
const CACHE_DIR = path.join(CACHE_ROOT, 'teamsfx-core-3.1.3');

function cachedPaths() {
  return {
    yamlSchema: path.join(CACHE_DIR, 'yaml.schema.v1.11.json'),
    graphPermissions: path.join(CACHE_DIR, 'graph-permissions.json'),
  };
}

function isCached() {
  return Object.keys(FILES).every((name) => fs.existsSync(path.join(CACHE_DIR, name)));
}

/** `npm pack` into `dir`; returns the tarball's path. npm is a .cmd shim on Windows, hence the shell there. */
function packTarball(dir) {
  const out = execFileSync('npm', ['pack', PACKAGE, '--pack-destination', dir, '--json', '--silent'], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'inherit'],
    shell: process.platform === 'win32',
  });
  const [info] = JSON.parse(out);
  if (!info || typeof info.filename !== 'string') throw new Error(`npm pack ${PACKAGE} printed no file name`);
  return path.join(dir, info.filename);
}

function verifyIntegrity(tarball) {
  const [algorithm, expected] = INTEGRITY.split(/-(.*)/s);
  const actual = crypto.createHash(algorithm).update(fs.readFileSync(tarball)).digest('base64');
  if (actual !== expected) {
    throw new Error(`${PACKAGE}: tarball integrity ${algorithm}-${actual} does not match the pinned ${INTEGRITY}`);
  }
}

function fetchIntoCache() {
  fs.mkdirSync(CACHE_ROOT, { recursive: true });
  const work = fs.mkdtempSync(path.join(CACHE_ROOT, '.work-'));
  try {
    process.stderr.write(`[toolkit-schemas] packing ${PACKAGE} from the npm registry…\n`);
    const tarball = packTarball(work);
    verifyIntegrity(tarball);
    execFileSync('tar', ['-xzf', tarball, '-C', work, ...Object.values(FILES)], { stdio: 'inherit' });
    const staged = path.join(work, 'staged');
    fs.mkdirSync(staged);
    for (const [name, inner] of Object.entries(FILES)) fs.copyFileSync(path.join(work, inner), path.join(staged, name));
    // Rename last, so a half-finished fetch never looks cached. Test workers may fetch at the same time: the first
    // complete copy wins and is never replaced under a reader.
    if (isCached()) return;
    if (fs.existsSync(CACHE_DIR)) fs.rmSync(CACHE_DIR, { recursive: true, force: true }); // incomplete leftovers
    try {
      fs.renameSync(staged, CACHE_DIR);
    } catch (error) {
      if (!isCached()) throw error;
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

function main() {
  if (!isCached()) fetchIntoCache();
  process.stdout.write(`${JSON.stringify(cachedPaths())}\n`);
}

try {
  main();
} catch (error) {
  process.stderr.write(`[toolkit-schemas] ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
