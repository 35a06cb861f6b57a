import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FAKE, makeCore } from '../../../helpers/core';

type TestCore = Awaited<ReturnType<typeof makeCore>>;

describe('usage and cost', () => {
  let core: TestCore;
  let clock: Date;
  let acme: string;
  let agencyId: string;
  let twilioKey: string;
  let agencyResend: string;
  beforeEach(async () => {
    clock = new Date('2026-03-10T12:00:00Z');
    core = await makeCore({ now: () => clock });
    agencyId = core.workspaces.agency().id;
    acme = core.workspaces.create({ name: 'Acme' }, 'console').id;
    twilioKey = core.credentials.add({ workspaceId: acme, provider: 'twilio', fields: FAKE.twilio }, 'console').id;
    agencyResend = core.credentials.add({ workspaceId: agencyId, provider: 'resend', fields: FAKE.resend }, 'console').id;
  });
  afterEach(() => core.dispose());

  const twilio = (unit: 'messages' | 'minutes', amount: number, at: string) =>
    core.usage.record({ workspaceId: acme, provider: 'twilio', credentialId: twilioKey, owner: 'own', unit, amount, at });
  const resend = (amount: number, at: string) =>
    core.usage.record({ workspaceId: acme, provider: 'resend', credentialId: agencyResend, owner: 'agency', unit: 'messages', amount, at });
  const seed = () => {
    twilio('messages', 60, '2026-03-02T09:00:00Z');
    twilio('messages', 40, '2026-03-09T23:59:59Z');
    twilio('minutes', 10.5, '2026-03-09T10:00:00Z');
    resend(500, '2026-03-05T08:00:00Z');
    twilio('messages', 1000, '2026-02-20T08:00:00Z');
  };

  it('adds uses up per key per UTC day, and counts requests and messages on the key itself', () => {
    seed();
    const rows = core.db
      .prepare('SELECT day, owner, messages, minutes FROM usage_daily WHERE credential_id = ? ORDER BY day')
      .all(twilioKey);
    expect(rows).toEqual([
      { day: '2026-02-20', owner: 'own', messages: 1000, minutes: 0 },
      { day: '2026-03-02', owner: 'own', messages: 60, minutes: 0 },
      { day: '2026-03-09', owner: 'own', messages: 40, minutes: 10.5 },
    ]);
    expect(core.credentials.get(twilioKey).usageCount).toBe(1100);
    expect(core.db.prepare('SELECT owner, messages FROM usage_daily WHERE credential_id = ?').all(agencyResend)).toEqual([
      { owner: 'agency', messages: 500 },
    ]);
  });

  it("builds the dashboard's stat cards: connected providers, API calls and the projected monthly cost", () => {
    seed();
    const s = core.usage.summary(acme);
    expect(s).toMatchObject({ month: '2026-03', workspaceId: acme, connected: 1, totalProviders: 16, apiCalls: 600 });
    const t = s.byProvider.find((p) => p.provider === 'twilio');
    // 100 SMS × $0.0079 + 10.5 min × $0.014 = $0.937 in 10 of March's 31 days, projected ×3.1, plus a $1.15 number.
    expect(t).toMatchObject({ connected: true, messages: 100, minutes: 10.5, apiCalls: 100, agencyCost: 0 });
    expect(t?.ownCost).toBeCloseTo(0.937, 4);
    expect(t?.estimatedMonthlyCost).toBeCloseTo(0.937 * 3.1 + 1.15, 3);
    const r = s.byProvider.find((p) => p.provider === 'resend');
    expect(r).toMatchObject({ connected: false, messages: 500, ownCost: 0, agencyCost: 0.5 });
    expect(r?.estimatedMonthlyCost).toBeCloseTo(1.55, 4);
    expect(s.estimatedMonthlyCost).toBeCloseTo(0.937 * 3.1 + 1.15 + 1.55, 3);
    expect(s.byProvider).toHaveLength(16);
    expect(core.usage.summary().connected).toBe(2);
  });

  it('reports a past month as it was, without projecting it', () => {
    seed();
    const feb = core.usage.summary(acme, '2026-02').byProvider.find((p) => p.provider === 'twilio');
    expect(feb?.messages).toBe(1000);
    expect(feb?.estimatedMonthlyCost).toBeCloseTo(7.9 + 1.15, 4);
  });

  it('does not count an invalid or deleted key as connected', () => {
    core.credentials.repo.patch(twilioKey, { status: 'invalid' });
    expect(core.usage.summary(acme).connected).toBe(0);
    core.credentials.repo.patch(twilioKey, { status: 'valid' });
    core.credentials.delete(twilioKey, 'console');
    expect(core.usage.summary(acme).connected).toBe(0);
  });

  it('raises a spend alert only when the projected cost passes its threshold, and clears it with null', () => {
    seed();
    core.usage.setAlert(acme, 'twilio', 4, 'console');
    core.usage.setAlert(acme, 'resend', 10, 'console');
    expect(core.usage.alerts()).toEqual([
      { workspaceId: acme, workspaceName: 'Acme', provider: 'twilio', monthlyUsd: 4, projectedUsd: expect.closeTo(4.0547, 3) },
    ]);
    expect(core.usage.summary(acme).byProvider.find((p) => p.provider === 'twilio')).toMatchObject({ alertUsd: 4, alertExceeded: true });
    core.usage.setAlert(acme, 'twilio', null, 'console');
    expect(core.usage.alerts(acme)).toEqual([]);
    expect(core.audit.list({ action: 'usage.alert' })).toHaveLength(3);
    expect(() => core.usage.setAlert(acme, 'twilio', 0, 'console')).toThrowError(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });

  it('writes the billing CSV per workspace, provider and key owner, safe to open in a spreadsheet', () => {
    seed();
    const evil = core.workspaces.create({ name: '=HYPERLINK("http://example.com","x")' }, 'console').id;
    core.usage.record({
      workspaceId: evil,
      provider: 'resend',
      credentialId: agencyResend,
      owner: 'agency',
      unit: 'messages',
      amount: 3,
      at: '2026-03-03T00:00:00Z',
    });
    const lines = core.usage.billingCsv('2026-03').trimEnd().split('\n');
    expect(lines[0]).toBe('month,workspace_id,workspace,provider,key_owner,requests,messages,minutes,characters,tokens,estimated_cost_usd');
    expect(lines).toContain(`2026-03,${acme},Acme,resend,agency,0,500,0,0,0,0.5000`);
    expect(lines).toContain(`2026-03,${acme},Acme,twilio,own,0,100,10.5,0,0,0.9370`);
    expect(lines).toContain(`2026-03,${evil},"'=HYPERLINK(""http://example.com"",""x"")",resend,agency,0,3,0,0,0,0.0030`);
    expect(lines).toHaveLength(4);
    expect(core.usage.billingCsv('2026-03', acme).trimEnd().split('\n')).toHaveLength(3);
    expect(() => core.usage.billingCsv('March')).toThrowError(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });

  it('refuses amounts that cannot be right, and a key owner that does not match the key', () => {
    expect(() => twilio('messages', -1, '2026-03-01T00:00:00Z')).toThrowError(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(() => twilio('messages', 1.5, '2026-03-01T00:00:00Z')).toThrowError(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(() =>
      core.usage.record({ workspaceId: acme, provider: 'twilio', credentialId: twilioKey, owner: 'agency', unit: 'messages', amount: 1 }),
    ).toThrowError(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(() =>
      core.usage.record({ workspaceId: acme, provider: 'resend', credentialId: twilioKey, owner: 'own', unit: 'messages', amount: 1 }),
    ).toThrowError(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(core.db.prepare('SELECT COUNT(*) AS n FROM usage_daily').get()).toEqual({ n: 0 });
  });

  it("keeps a deleted key's usage for billing (the tombstone stays)", () => {
    seed();
    core.credentials.delete(twilioKey, 'console');
    expect(core.usage.billingCsv('2026-03', acme)).toContain('twilio,own,0,100');
  });
});
