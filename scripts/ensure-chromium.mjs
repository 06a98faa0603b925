// Runs before `npm test` (the "pretest" script): the public changelog page is checked in a real
// headless browser, Debian's Chromium (playwright-core drives it; it downloads no browser). On
// this project's machines (Debian, root, Debian's package mirror reachable) a missing Chromium is
// installed here; anywhere else the test run stops with what to install.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (existsSync(path)) process.exit(0);

const canInstall = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get') && process.env.CHROMIUM_PATH === undefined;
if (!canInstall) {
  console.error(
    `The tests need Chromium at ${path} (the changelog page is checked in a headless browser).\n` +
      'Install it (Debian/Ubuntu: sudo apt-get install chromium), or point CHROMIUM_PATH at a Chromium or Chrome binary.',
  );
  process.exit(1);
}
console.log('Installing Debian’s chromium for the browser test of the changelog page (once per machine)…');
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium'], { stdio: 'inherit', env });
if (!existsSync(path)) {
  console.error(`apt-get installed chromium, but ${path} is not there.`);
  process.exit(1);
}
