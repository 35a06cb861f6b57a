#!/usr/bin/env node
// Runs a command inside a private D-Bus session with an unlocked GNOME keyring, so tests talk
// to a real Secret Service. Where that is not installed (macOS, Windows) the command runs as is.
import { spawnSync } from 'node:child_process';

const args = process.argv.slice(2);
if (args.length === 0) {
  console.error('usage: with-keyring <command> [args…]');
  process.exit(2);
}
const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
let result;
if (process.platform === 'linux' && !process.env.SWITCHBOARD_KEYRING_SESSION && has('dbus-run-session') && has('gnome-keyring-daemon')) {
  // The keyring's own unlock word is throw-away: this keyring lives only as long as the session.
  const script = 'echo -n test-session | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; exec "$@"';
  result = spawnSync('dbus-run-session', ['--', 'sh', '-c', script, 'sh', ...args], {
    stdio: 'inherit',
    env: { ...process.env, SWITCHBOARD_KEYRING_SESSION: '1' },
  });
} else {
  result = spawnSync(args[0], args.slice(1), { stdio: 'inherit', shell: process.platform === 'win32' });
}
process.exit(result.status ?? 1);
