import childProcess from 'node:child_process';
import fs from 'node:fs';

// The script is plain CommonJS (it runs before anything is compiled).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ensureBrowser = require('../../scripts/ensure-browser.js') as {
  findChromium(): string | undefined;
  main(): number;
};

describe('the browser check before npm test', () => {
  afterEach(() => jest.restoreAllMocks());

  it('finds the Chromium this machine has and lets the tests run', () => {
    expect(ensureBrowser.findChromium()).toBeTruthy();
    expect(ensureBrowser.main()).toBe(0);
  });

  it('without a browser and without a password-free apt, stops with one message saying what to install', () => {
    jest.spyOn(fs, 'accessSync').mockImplementation(() => {
      throw new Error('ENOENT');
    });
    // Neither root nor password-free sudo: nothing is installed, nothing prompts.
    jest.spyOn(process, 'getuid').mockReturnValue(1000);
    const spawns = jest
      .spyOn(childProcess, 'spawnSync')
      .mockReturnValue({ status: 1 } as ReturnType<typeof childProcess.spawnSync>);
    const install = jest.spyOn(childProcess, 'execFileSync');
    const written: string[] = [];
    jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    expect(ensureBrowser.main()).toBe(1);
    expect(install).not.toHaveBeenCalled();
    expect(spawns.mock.calls.every(([command]) => command !== 'apt-get')).toBe(true);
    const message = written.join('');
    expect(message).toContain('npm test needs a Chromium');
    expect(message).toContain('sudo apt-get install chromium');
    expect(message).toContain('npx playwright install chromium');
    expect(message).toContain('CHROMIUM_PATH=');
  });

  it("installs Debian's chromium where apt can without a password, then runs the tests on it", () => {
    let installed = false;
    jest.spyOn(fs, 'accessSync').mockImplementation((file) => {
      if (!installed || file !== '/usr/bin/chromium') throw new Error('ENOENT');
    });
    jest.spyOn(process, 'getuid').mockReturnValue(0);
    jest.spyOn(childProcess, 'spawnSync').mockReturnValue({ status: 0 } as ReturnType<typeof childProcess.spawnSync>);
    const install = jest.spyOn(childProcess, 'execFileSync').mockImplementation(() => {
      installed = true;
      return Buffer.from('');
    });
    jest.spyOn(process.stderr, 'write').mockReturnValue(true);
    expect(ensureBrowser.main()).toBe(0);
    expect(install).toHaveBeenCalledWith('bash', [expect.stringMatching(/install-chromium\.sh$/)], {
      stdio: 'inherit',
    });
  });
});
