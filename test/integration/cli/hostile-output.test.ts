/**
 * Strings from outside printed by the CLI: escape sequences (screen clear, window title, OSC 52
 * clipboard writes) and bidi overrides appear as visible text, never as raw control characters.
 * Separate processes (runCliProcess): the bytes checked are what reaches a real terminal.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliProcess, type ProcessRun } from '../../helpers/cli-process';
import { FAKE, tempDir } from '../../helpers/core';

const NO_KEYCHAIN = { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/switchboard-bus', SWITCHBOARD_PASSPHRASE: 'correct horse battery' };
const OSC52 = '\x1b]52;c;cHduZWQ=\x07';
const CLEAR = '\x1b[2J\x1b]0;pwned\x07';
const RLO = '\u202e';
// eslint-disable-next-line no-control-regex -- the point is to find raw control characters
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

function printed(r: ProcessRun): string {
  return r.stdout + r.stderr;
}

describe('hostile strings in CLI output', () => {
  let dir: string;
  let cleanup: () => void;
  let env: Record<string, string>;
  beforeAll(async () => {
    ({ dir, cleanup } = tempDir());
    env = { ...NO_KEYCHAIN, SWITCHBOARD_DATA_DIR: join(dir, 'data') };
    expect((await runCliProcess(['workspace', 'create', 'Acme', '--country', 'US'], { env })).code).toBe(0);
  });
  afterAll(() => cleanup());

  it('shows an OSC 52 key nickname escaped in the key list, and keeps it exact in --json', async () => {
    const set = await runCliProcess(['key', 'set', 'Acme', 'anthropic', '--offline', '--nickname', `Main${OSC52}`], {
      stdin: JSON.stringify(FAKE.anthropic),
      env,
    });
    expect(set.code).toBe(0);
    expect(printed(set)).not.toMatch(RAW);
    const list = await runCliProcess(['key', 'list', 'Acme'], { env });
    expect(list.stdout).toContain('Main\\u001b]52;c;cHduZWQ=\\u0007');
    expect(printed(list)).not.toMatch(RAW);
    const json = await runCliProcess(['key', 'list', 'Acme', '--json'], { env });
    expect(json.stdout).not.toMatch(RAW);
    expect(JSON.stringify(JSON.parse(json.stdout))).toContain(JSON.stringify(`Main${OSC52}`).slice(1, -1));
  });

  it('shows a rejected contact row’s screen-clearing and bidi cells escaped in campaign create', async () => {
    const contacts = join(dir, 'contacts.csv');
    writeFileSync(contacts, `phone,first_name\n+14152000001,Ann\n${CLEAR},Bob${RLO}\n+14152000002,Eve${RLO}x\n`);
    const template = join(dir, 'template.txt');
    writeFileSync(template, 'Hi {{first_name}}.\n');
    const r = await runCliProcess(
      [
        'campaign',
        'create',
        'Acme',
        '--channel',
        'sms',
        '--contacts',
        contacts,
        '--template',
        template,
        '--name',
        'Spring',
        '--country',
        'US',
      ],
      { env },
    );
    expect(r.code).toBe(0);
    expect(printed(r)).not.toMatch(RAW);
    expect(printed(r)).toContain('\\u001b[2J\\u001b]0;pwned\\u0007');
  });

  it('shows an agent name with an escape sequence escaped in the agent list', async () => {
    const prompt = join(dir, 'prompt.txt');
    writeFileSync(prompt, 'You are a helpful assistant.\n');
    const made = await runCliProcess(['agent', 'create', 'Acme', '--name', `Ava${CLEAR}`, '--prompt-file', prompt], { env });
    expect(printed(made)).not.toMatch(RAW);
    expect(made.code).toBe(0);
    const list = await runCliProcess(['agent', 'list', 'Acme'], { env });
    expect(list.stdout).toContain('Ava\\u001b[2J');
    expect(printed(list)).not.toMatch(RAW);
  });
});
