import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createIpcHandlers } from '../../../electron/main/ipc';
import type { Result } from '../../../shared/errors';
import { CampaignProgressSchema } from '../../../shared/ipc/campaigns-channels';
import type { Output } from '../../../shared/ipc/contract';
import {
  ALL_DAY,
  addSendingKey,
  type MessagingSims,
  makeMessagingCore,
  smsCsv,
  startMessagingSims,
  type TestCore,
  usNumbers,
} from '../../helpers/messaging';

describe('campaign, do-not-contact and workflow channels', () => {
  let sims: MessagingSims;
  let core: TestCore;
  let ws: string;
  let ipc: ReturnType<typeof createIpcHandlers>;
  const events: { event: string; payload: unknown }[] = [];
  beforeAll(async () => {
    sims = await startMessagingSims();
  });
  afterAll(() => sims.close());
  beforeEach(async () => {
    core = await makeMessagingCore(sims);
    ws = core.workspaces.create({ name: 'Acme', defaultCountry: 'US' }, 'console').id;
    events.splice(0);
    ipc = createIpcHandlers({ core, actor: 'console', emit: (event, payload) => events.push({ event, payload }) });
  });
  afterEach(() => core.dispose());

  it('creates a campaign from the file text with its report, starts it, and pushes progress until it completes', async () => {
    await addSendingKey(core, sims, ws, 'twilio');
    const numbers = usNumbers(12, 7000);
    const csv = `${smsCsv(numbers)}\nnot-a-number,Nobody,America/New_York`;
    const made = (await ipc['campaigns:create']({
      workspaceId: ws,
      channel: 'sms',
      csv,
      template: 'Hi {{first_name}} – see you soon',
      window: ALL_DAY,
      rate: 100,
    })) as Result<Output<'campaigns:create'>>;
    if (!made.ok) throw new Error(made.error.message);
    expect(made.value.issues).toEqual([{ line: 14, kind: 'rejected', reason: '“not-a-number” is not a phone number' }]);
    expect(made.value.preview[0]).toMatchObject({ encoding: 'UCS-2', nonGsm: ['–'] });
    const id = made.value.campaign.id;

    const completed = new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (events.some((e) => CampaignProgressSchema.parse(e.payload).state === 'completed')) {
          clearInterval(check);
          resolve();
        }
      }, 20);
    });
    expect(await ipc['campaigns:start']({ id })).toMatchObject({ ok: true, value: { id } });
    await completed;
    expect(events.every((e) => e.event === 'event:campaignProgress')).toBe(true);
    const results = (await ipc['campaigns:messages']({ id, limit: 50 })) as Result<Output<'campaigns:messages'>>;
    expect(results).toMatchObject({ ok: true, value: { total: 12 } });
    if (results.ok) expect(results.value.rows.every((r) => r.status === 'sent' && r.providerId?.startsWith('SM'))).toBe(true);
    expect(await ipc['campaigns:issues']({ id })).toMatchObject({ ok: true, value: { total: 1 } });
    expect(await ipc['campaigns:pause']({ id })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });

  it('answers a bad contact file with one sentence and creates nothing', async () => {
    const r = await ipc['campaigns:create']({ workspaceId: ws, channel: 'sms', csv: 'name,city\nAda,London\n', template: 'Hi' });
    expect(r).toEqual({
      ok: false,
      error: {
        code: 'INVALID_INPUT',
        message: 'The contacts file has no phone column (phone, mobile or phone_number) in its first line, which reads “name”, “city”.',
      },
    });
    expect(await ipc['campaigns:list']({ workspaceId: ws })).toEqual({ ok: true, value: [] });
  });

  it('adds, lists, imports and removes do-not-contact entries, reporting what it could not read', async () => {
    const scope = { kind: 'workspace' as const, workspaceId: ws };
    expect(await ipc['dnc:add']({ scope, values: ['(415) 555-2671', 'nope'], optOut: true })).toEqual({
      ok: true,
      value: { added: 1, invalid: [{ value: 'nope', reason: '“nope” is not a phone number' }] },
    });
    const imported = await ipc['dnc:import']({ scope: { kind: 'ncpr' }, content: 'number\n9876543210\n+919812345678\n+14155552671\n' });
    expect(imported).toMatchObject({
      ok: true,
      value: { added: 2, total: 2, lines: 3, valid: 2, invalid: 1, samples: [{ line: 4, reason: '+14155552671 is not a +91 number' }] },
    });
    expect(await ipc['dnc:list']({ scope })).toMatchObject({
      ok: true,
      value: { total: 1, entries: [{ address: '+14155552671', source: 'opt-out', note: 'marked by the operator' }] },
    });
    expect(await ipc['dnc:remove']({ scope, values: ['+14155552671'] })).toEqual({ ok: true, value: { removed: 1 } });
    expect(await ipc['dnc:list']({ scope: { kind: 'workspace' } as never })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('stores workflow rules and refuses a template that uses an unknown variable', async () => {
    const rule = (await ipc['workflows:add']({
      workspaceId: ws,
      outcome: 'Interested',
      channel: 'sms',
      template: 'Thanks {{first_name}}!',
    })) as Result<Output<'workflows:add'>>;
    expect(rule).toMatchObject({ ok: true, value: { outcome: 'interested', enabled: true } });
    expect(await ipc['workflows:add']({ workspaceId: ws, outcome: 'x', channel: 'sms', template: 'Hi {{shoe_size}}' })).toEqual({
      ok: false,
      error: {
        code: 'INVALID_INPUT',
        message: expect.stringMatching(/^The template uses \{\{shoe_size\}\}; a post-call message can use \{\{phone\}\}, \{\{email\}\}, /),
      },
    });
    if (rule.ok)
      expect(await ipc['workflows:setEnabled']({ id: rule.value.id, enabled: false })).toMatchObject({
        ok: true,
        value: { enabled: false },
      });
    expect(await ipc['workflows:list']({ workspaceId: ws })).toMatchObject({
      ok: true,
      value: [{ outcome: 'interested', enabled: false }],
    });
  });
});
