/**
 * Strings from outside shown by the console are inert: a key nickname and an agent name carrying a
 * screen-clearing escape, an OSC 52 clipboard write and a bidi override appear as visible
 * `\uXXXX` text, and no raw control or bidi character reaches the page.
 */
import { expect, open, test } from './harness';
import { shot } from './support/shot';

const HOSTILE = 'Main\x1b[2J\x1b]52;c;cHduZWQ=\x07 \u202eevil';
const SHOWN = 'Main\\u001b[2J\\u001b]52;c;cHduZWQ=\\u0007 \\u202eevil';
// eslint-disable-next-line no-control-regex -- the point is to find raw control characters
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

test('shows escape sequences, OSC 52 and bidi controls in names as inert, visible text', async ({ page, app }) => {
  const agency = app.core.workspaces.agency().id;
  const key = app.core.credentials.add(
    { workspaceId: agency, provider: 'anthropic', fields: app.sim('anthropic').fields, nickname: 'Main' },
    'console',
  );
  const agent = app.core.agents.create(agency, { name: 'Ava', systemPrompt: 'You are Ava.' }, 'console');
  // Written straight to the rows, as data from before names were normalised (or a bundle) could hold them.
  app.core.db.prepare('UPDATE credentials SET nickname = ? WHERE id = ?').run(HOSTILE, key.id);
  app.core.db.prepare('UPDATE voice_agents SET name = ? WHERE id = ?').run(`Ava\x1b]0;pwned\x07\u2067`, agent.id);

  await open(page, app, 'keys');
  await expect(page.getByText(SHOWN).first()).toBeVisible();
  expect(await page.locator('body').innerText()).not.toMatch(RAW);
  await shot(page, 'hostile-text-keys');

  await open(page, app, 'voice');
  await expect(page.getByText('Ava\\u001b]0;pwned\\u0007\\u2067').first()).toBeVisible();
  expect(await page.locator('body').innerText()).not.toMatch(RAW);
  await shot(page, 'hostile-text-agents');
});
