// The browser tests need a Chromium. Use $CHROME_PATH or Debian's /usr/bin/chromium; when
// neither exists, install Debian's package if we are root, otherwise say how to get one.
// (Test tools cannot download their own browser on machines without open internet access.)
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const candidates = [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].filter(Boolean);
const found = candidates.find((path) => existsSync(path));
if (found) {
  process.exit(0);
}
if (process.platform === 'linux' && process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
  console.log('Chromium is missing: installing Debian\'s chromium package for the browser tests…');
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (existsSync('/usr/bin/chromium')) process.exit(0);
}
console.error(`The browser tests need Chromium and none was found (looked at: ${candidates.join(', ')}).
Install it, then run npm test again:
  Debian/Ubuntu:  sudo apt-get install chromium
  macOS:          brew install --cask chromium, then CHROME_PATH=/Applications/Chromium.app/Contents/MacOS/Chromium npm test
  elsewhere:      set CHROME_PATH to a Chrome or Chromium executable`);
process.exit(1);
