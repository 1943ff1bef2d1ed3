#!/usr/bin/env node
// Finds Chromium for the end-to-end tests and the browser bench: $CHROMIUM_PATH, else
// /usr/bin/chromium. When it is missing and we are root on Debian, installs Debian's `chromium`
// package (Playwright cannot download its own browsers on these machines); otherwise fails with
// a message saying how to install it.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const path = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
if (existsSync(path)) process.exit(0);

if (process.env.CHROMIUM_PATH) {
  console.error(
    `CHROMIUM_PATH is set to ${path}, but no file is there. Point it at a Chromium binary.`,
  );
  process.exit(1);
}
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const isDebian = existsSync('/etc/debian_version') && existsSync('/usr/bin/apt-get');
if (isRoot && isDebian) {
  console.log('Chromium not found at /usr/bin/chromium: installing Debian package "chromium"...');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium'], {
    stdio: 'inherit',
    env,
  });
  if (existsSync(path)) process.exit(0);
  console.error('apt-get finished but /usr/bin/chromium is still missing.');
  process.exit(1);
}
console.error(
  [
    'The end-to-end tests need Chromium, and none was found at /usr/bin/chromium.',
    'Install it (Debian/Ubuntu: `sudo apt-get install chromium`) or set CHROMIUM_PATH to a Chromium or Chrome binary.',
  ].join('\n'),
);
process.exit(1);
