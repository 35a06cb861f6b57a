/** Audit: filtering, verifying the hash chain, exporting. */
import { readFile } from 'node:fs/promises';
import { expect, open, test } from './harness';
import { addKey, clientWorkspace } from './support/seed';

test.describe('Audit', () => {
  test('filters by workspace and action, verifies the chain and exports CSV and JSON', async ({ page, app }) => {
    const ws = clientWorkspace(app, 'Acme Dental');
    const key = await addKey(app, ws, 'twilio');
    app.core.credentials.reveal(key.id, 'console');
    await addKey(app, app.core.workspaces.agency().id, 'anthropic');
    await open(page, app, 'audit');

    const table = page.locator('.audit-table tbody');
    await expect(table.locator('tr[data-action="credential.reveal"]')).toHaveCount(1);
    await page.getByRole('combobox', { name: 'Workspace', exact: true }).selectOption({ label: 'Acme Dental' });
    await expect(table.locator('tr[data-action="credential.add"]')).toHaveCount(1);
    await expect(table).not.toContainText('anthropic');
    await page.getByRole('combobox', { name: 'Action', exact: true }).selectOption({ label: 'Key revealed' });
    await expect(table.locator('tr')).toHaveCount(1);
    await expect(table.locator('tr')).toContainText('Key revealed');

    await page.getByRole('button', { name: 'Verify chain' }).click();
    await expect(page.getByTestId('verdict')).toContainText(/The audit log is intact: \d+ rows, every link checked\./);

    const csv = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export CSV' }).click();
    const download = await csv;
    expect(download.suggestedFilename()).toMatch(/^switchboard-audit-\d{4}-\d{2}-\d{2}\.csv$/);
    const text = await readFile((await download.path()) ?? '', 'utf8');
    expect(text.split('\n')[0]).toBe('seq,at,actor,action,workspace_id,target,detail,prev_hash,hash');
    expect(text).toContain('credential.reveal');

    const json = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export JSON' }).click();
    const rows = JSON.parse(await readFile((await (await json).path()) ?? '', 'utf8')) as { workspaceId: string | null }[];
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.workspaceId === ws)).toBe(true);
  });

  test('exports exactly the rows the action filter shows, and words the details', async ({ page, app }) => {
    const ws = clientWorkspace(app, 'Acme Dental');
    const key = await addKey(app, ws, 'twilio', { nickname: 'Main line' });
    app.core.credentials.reveal(key.id, 'console');
    app.core.credentials.deactivate(key.id, 'console');
    await open(page, app, 'audit');

    const table = page.locator('.audit-table tbody');
    await expect(table.locator('tr[data-action="credential.add"] td.detail')).toHaveText('Twilio · production · “Main line” · in use');
    await expect(table.locator('tr[data-action="credential.test"] td.detail')).toHaveText('Twilio · checked: valid');
    await expect(table.locator('tr[data-action="credential.deactivate"]')).toContainText('Key put on standby');

    await page.getByRole('combobox', { name: 'Action', exact: true }).selectOption({ label: 'Key revealed' });
    await expect(table.locator('tr')).toHaveCount(1);
    const csv = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export CSV' }).click();
    const lines = (await readFile((await (await csv).path()) ?? '', 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('credential.reveal');

    await page.getByRole('combobox', { name: 'Action', exact: true }).selectOption({ label: 'Any key action' });
    await expect(table.locator('tr')).toHaveCount(4);
    const json = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export JSON' }).click();
    const rows = JSON.parse(await readFile((await (await json).path()) ?? '', 'utf8')) as { action: string }[];
    expect(rows.map((r) => r.action)).toEqual(['credential.add', 'credential.test', 'credential.reveal', 'credential.deactivate']);
    // The export itself is audited, with the filter it applied.
    expect(app.core.audit.list({ action: 'audit.export' })[0]?.detail).toEqual({ format: 'json', filter: 'credential' });
  });

  test('names the row where the chain breaks', async ({ page, app }) => {
    clientWorkspace(app, 'Acme Dental');
    // Tamper the way an attacker with the database file would: behind the app's back.
    app.core.db.exec("DROP TRIGGER IF EXISTS audit_no_update; UPDATE audit_log SET actor = 'cli' WHERE seq = 2");
    await open(page, app, 'audit');
    await page.getByRole('button', { name: 'Verify chain' }).click();
    await expect(page.getByTestId('verdict')).toContainText('Chain broken. The audit log was altered: row 2');
    await expect(page.locator('.audit-table tr.is-broken')).toHaveCount(1);
  });
});
