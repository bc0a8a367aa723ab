#!/usr/bin/env node
/**
 * Runs before `npm test`: the browser tests drive a Chromium through playwright-core, which downloads nothing. Finds
 * one (CHROMIUM_PATH, Debian's or Google's package, or a browser `npx playwright install chromium` fetched); where
 * none is found and apt can install one without asking for a password, installs Debian's package
 * (scripts/install-chromium.sh); otherwise stops with one message saying what to install, rather than letting every
 * browser test fail.
 * Usage: node scripts/ensure-browser.js      (prints the browser's path when it had to look hard, else nothing)
 */
'use strict';

const childProcess = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

/** Where a Chromium may be, in order (test/e2e/support/browser.ts looks in the same places). */
function candidates() {
  const list = [
    process.env.CHROMIUM_PATH,
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome-stable',
    '/usr/bin/google-chrome',
  ];
  try {
    list.push(require('playwright-core').chromium.executablePath());
  } catch {
    // playwright-core knows no browser of its own here; the system paths above are all there is.
  }
  return list.filter(Boolean);
}

function findChromium() {
  return candidates().find((file) => {
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

function canInstallWithApt() {
  if (
    process.platform !== 'linux' ||
    childProcess.spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status !== 0
  )
    return false;
  if (typeof process.getuid === 'function' && process.getuid() === 0) return true;
  // sudo without a password only: a test run must not stop at a prompt.
  return childProcess.spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0;
}

function main() {
  if (findChromium()) return 0;
  if (canInstallWithApt()) {
    process.stderr.write("[test] No Chromium found for the browser tests: installing Debian's chromium package…\n");
    try {
      childProcess.execFileSync('bash', [path.join(__dirname, 'install-chromium.sh')], { stdio: 'inherit' });
    } catch {
      process.stderr.write('[test] Installing chromium with apt-get failed (see above).\n');
    }
    const found = findChromium();
    if (found) {
      process.stderr.write(`[test] Browser tests will use ${found}.\n`);
      return 0;
    }
  }
  process.stderr.write(
    [
      '',
      'npm test needs a Chromium (or Chrome) for its browser tests and found none. Install one, then run npm test again:',
      '  Debian/Ubuntu:  sudo apt-get install chromium   (or: bash scripts/install-chromium.sh)',
      '  Elsewhere:      npx playwright install chromium',
      '  Already have one somewhere else:  CHROMIUM_PATH=/path/to/chrome npm test',
      '',
    ].join('\n'),
  );
  return 1;
}

if (require.main === module) process.exitCode = main();
module.exports = { findChromium, main };
