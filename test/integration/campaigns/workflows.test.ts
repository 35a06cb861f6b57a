import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ResendState } from '../../sim/resend';
import { type SimEmails, serveEmails } from '../../sim/resend-emails';
import type { ProviderSim } from '../../sim/server';
import { type SimMessaging, serveMessages } from '../../sim/twilio-messages';
import { clockFrom } from '../../helpers/core';
import { addChecked, addVoiceKeys, makeSimCore, type OnboardingSims, startOnboardingSims, type TestCore } from '../../helpers/voice';

/** 20:00 UTC is inside the default 08:00–21:00 window in every US zone (12:00 in California, 10:00 in Hawaii), so workflow messages are due at once. */
const OPEN_IN_THE_US = '2026-12-04T20:00:00Z';

describe('post-call workflows', () => {
  let sims: OnboardingSims;
  let sms: SimMessaging;
  let emails: SimEmails;
  let core: TestCore;
  let ws: string;
  beforeAll(async () => {
    sims = await startOnboardingSims();
    sms = serveMessages(sims.twilio);
    emails = serveEmails(sims.byId.resend as ProviderSim<ResendState>);
  });
  afterAll(() => sims.close());
  beforeEach(async () => {
    sms.stats.reset();
    sms.messages.splice(0);
    emails.stats.reset();
    core = await makeSimCore(sims, { now: clockFrom(OPEN_IN_THE_US) });
    ws = core.workspaces.create({ name: 'Acme', defaultCountry: 'US' }, 'console').id;
    core.workflows.addRule(
      { workspaceId: ws, outcome: 'interested', channel: 'sms', template: 'Thanks {{first_name|there}}! Here is the link we promised.' },
      'console',
    );
    core.workflows.addRule(
      {
        workspaceId: ws,
        outcome: 'voicemail',
        channel: 'email',
        template: 'Subject: Sorry we missed you, {{first_name}}\n\nWe called about your {{company|order}}; reply to pick a time.',
      },
      'console',
    );
    core.workflows.addRule(
      { workspaceId: ws, outcome: 'interested', channel: 'email', template: 'Subject: Your brochure\n\nAs discussed on the phone.' },
      'console',
    );
  });
  afterEach(() => core.dispose());

  const ended = (callId: string, outcome: string, contact: Record<string, string>) =>
    core.workflows.onCallEnded({ workspaceId: ws, callId, outcome, contact }, 'system');

  it('stays locked until onboarding is complete', async () => {
    expect(() => ended('CA1', 'interested', { phone: '+14155550100' })).toThrow(
      /^Acme has not completed onboarding, so the workflow runner stays locked/,
    );
    await expect(core.workflows.run(ws, 'system')).rejects.toMatchObject({ code: 'ONBOARDING_INCOMPLETE' });
  });

  it('turns each call outcome into the messages its rules name, once per call, and sends them', async () => {
    await addVoiceKeys(core, sims, ws);
    await addChecked(core, sims, ws, 'resend');
    core.onboarding.complete(ws, 'console');

    expect(ended('CA1', 'Interested', { phone: '(415) 555-0100', email: 'ada@example.org', first_name: 'Ada' })).toEqual({
      queued: 2,
      skipped: [],
    });
    expect(ended('CA1', 'interested', { phone: '(415) 555-0100', email: 'ada@example.org', first_name: 'Ada' }).queued).toBe(0);
    expect(ended('CA2', 'voicemail', { phone: '+14155550101', email: 'bob@example.org', first_name: 'Bob' })).toEqual({
      queued: 1,
      skipped: [],
    });
    expect(ended('CA3', 'not_interested', { phone: '+14155550102' })).toEqual({ queued: 0, skipped: [] });
    const noEmail = ended('CA4', 'interested', { phone: '+14155550103' });
    expect(noEmail.queued).toBe(1);
    expect(noEmail.skipped.map((s) => s.reason)).toEqual(['no e-mail address']);
    core.campaigns.dnc.add({ kind: 'workspace', workspaceId: ws }, ['+14155550104'], 'opt-out', 'console');
    expect(ended('CA5', 'interested', { phone: '+14155550104' }).skipped.map((s) => s.reason)).toEqual(['opted out', 'no e-mail address']);

    await core.workflows.run(ws, 'system');
    expect(sms.messages.map((m) => [m.to, m.body])).toEqual([
      ['+14155550100', 'Thanks Ada! Here is the link we promised.'],
      ['+14155550103', 'Thanks there! Here is the link we promised.'],
    ]);
    expect(emails.emails.map((e) => [e.to, e.subject, e.text]).sort()).toEqual([
      ['ada@example.org', 'Your brochure', 'As discussed on the phone.'],
      ['bob@example.org', 'Sorry we missed you, Bob', 'We called about your order; reply to pick a time.'],
    ]);

    // A later call queues into the same outbox, which the runner sends again.
    expect(ended('CA6', 'interested', { phone: '+14155550105', first_name: 'Cy' }).queued).toBe(1);
    await core.workflows.run(ws, 'system');
    expect(sms.stats.perRecipient.get('+14155550105')).toBe(1);
    expect(sms.stats.duplicates()).toEqual([]);
    const outboxes = core.campaigns.list(ws).filter((c) => c.kind === 'workflow');
    expect(outboxes.map((c) => [c.name, c.state, c.counts.sent]).sort()).toEqual([
      ['Post-call SMS', 'completed', 3],
      ['Post-call e-mail', 'completed', 2],
    ]);
  });
});
