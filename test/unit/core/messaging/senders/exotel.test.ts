import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSender } from '../../../../../electron/core/messaging/senders';
import { exotelSender } from '../../../../../electron/core/messaging/senders/exotel';
import { type ExotelState, startExotelSim } from '../../../../sim/exotel';
import { type ExotelSimMessaging, serveExotelSms } from '../../../../sim/exotel-sms';
import type { ProviderSim } from '../../../../sim/server';

const msg = (recipient: string) => ({ id: 1, recipient, subject: null, body: 'Your OTP is 1234' });
const signal = () => AbortSignal.timeout(5_000);

describe('the Exotel SMS sender', () => {
  let sim: ProviderSim<ExotelState>;
  let sms: ExotelSimMessaging;
  beforeAll(async () => {
    sim = await startExotelSim();
    sms = serveExotelSms(sim);
  });
  afterAll(() => sim.close());
  beforeEach(() => {
    sim.setFault(null);
    sim.clearRequests();
  });
  const sender = (fields: Readonly<Record<string, string>> = {}) =>
    exotelSender({ fields: { ...sim.fields, ...fields }, endpoint: sim.url }, {});

  it('posts From, To and Body with Basic apiKey:apiToken and returns the SMSMessage Sid', async () => {
    const result = await sender().send([msg('+919800000001')], '', signal());
    expect(result).toEqual({ kind: 'accepted', ids: [sms.messages.at(-1)?.sid] });
    const req = sim.requests.at(-1);
    expect(req).toMatchObject({ method: 'POST', path: `/v1/Accounts/${sim.fields.sid}/Sms/send.json`, authorized: true });
    expect(Object.fromEntries(new URLSearchParams(req?.body))).toEqual({
      From: sim.fields.phoneNumber,
      To: '+919800000001',
      Body: 'Your OTP is 1234',
    });
  });

  it('knows a refused connection sent nothing, so the message may simply be sent again later', async () => {
    const closed = await startExotelSim();
    const url = closed.url;
    await closed.close();
    const result = await exotelSender({ fields: sim.fields, endpoint: url }, {}).send([msg('+919800000009')], '', signal());
    expect(result).toEqual({ kind: 'unsent', reason: 'Exotel could not be reached (refused)' });
  });

  it('says how it was refused: a bad number, a bad token, a rate limit, a server error', async () => {
    expect(await sender().send([msg('not-a-number')], '', signal())).toMatchObject({
      kind: 'rejected',
      reason: expect.stringMatching(/^Exotel refused the message \(HTTP 400, error 10016\): Invalid 'To' number/),
    });
    const bad = await sender({ apiToken: 'WrongToken000000000000000000' }).send([msg('+919800000002')], '', signal());
    expect(bad).toEqual({ kind: 'auth', status: 401, reason: 'HTTP 401' });
    expect(JSON.stringify(bad)).not.toContain('WrongToken');
    sim.setFault({ kind: 'rate-limited', retryAfterSeconds: 7 }, { times: 1 });
    expect(await sender().send([msg('+919800000003')], '', signal())).toEqual({ kind: 'rate-limited', retryAfterMs: 7000 });
    sim.setFault({ kind: 'server-error', status: 503 }, { times: 1 });
    expect(await sender().send([msg('+919800000004')], '', signal())).toMatchObject({
      kind: 'transient',
      reason: 'Exotel answered HTTP 503',
    });
    sim.setFault({ kind: 'malformed' }, { times: 1 });
    expect(await sender().send([msg('+919800000005')], '', signal())).toMatchObject({ kind: 'transient' });
  });

  it('sends at 3 a second, has no lookup and is not idempotent, so the run fails what is in doubt', () => {
    const s = sender();
    expect(s).toMatchObject({
      provider: 'exotel',
      maxBatch: 1,
      defaultRate: 3,
      idempotent: false,
      senderKey: `exotel:${sim.fields.phoneNumber}`,
    });
    expect(s.rateNote).toMatch(/200 requests a minute/);
    expect(s.lookup).toBeUndefined();
  });

  it('needs an ExoPhone to send from', () => {
    const { phoneNumber: _omit, ...fields } = sim.fields;
    expect(() => createSender({ provider: 'exotel', fields, endpoint: sim.url }, {}, "The client's")).toThrowError(
      expect.objectContaining({ code: 'NO_CREDENTIAL', message: "The client's Exotel key has no ExoPhone to send from." }),
    );
  });
});
