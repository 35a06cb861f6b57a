/**
 * Inbound calls on an attached Twilio number, against the simulators: the number's configuration
 * kept and restored exactly, the runner pointing it at itself and back at the away message, a
 * ringing call answered by the agent (signature checked, transcript sealed, direction inbound),
 * a forged webhook refused, and a caller over the ceiling hearing the busy message.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { BUSY_MESSAGE, DEFAULT_AWAY_MESSAGE } from '../../../shared/voice-numbers';
import { checkTwilioRequests } from '../../helpers/twilio-openapi';
import { agentDone, startVoiceRig, until, type VoiceRig } from '../../helpers/voice-rig';
import { ringNumber, serveNumbers } from '../../sim/twilio-numbers';
import { defaultVoiceConfig, type TwilioVoiceConfig } from '../../sim/twilio';

const NUMBER = '+15005550006';
const CALLER = '+14155550123';

/** A number already in use elsewhere: an IVR with its own fallback, a status callback and caller-name lookup. */
const EARLIER: TwilioVoiceConfig = {
  voice_url: 'https://ivr.example.com/answer?line=2',
  voice_method: 'GET',
  voice_fallback_url: 'https://ivr.example.com/fallback',
  voice_fallback_method: 'POST',
  voice_application_sid: null,
  trunk_sid: null,
  status_callback: 'https://ivr.example.com/status',
  status_callback_method: 'GET',
  voice_receive_mode: 'voice',
  voice_caller_id_lookup: true,
};

describe('inbound calls on an attached number', () => {
  let rig: VoiceRig | null = null;
  afterEach(async () => {
    await rig?.close();
    rig = null;
  });

  const numberOf = (r: VoiceRig) => {
    const n = r.sims.twilio.state.numbers.find((x) => x.phoneNumber === NUMBER);
    if (!n) throw new Error('no number');
    return n;
  };

  it('answers a ringing call with the agent: signed webhook, stream, sealed transcript, direction inbound; detach restores the number exactly', async () => {
    rig = await startVoiceRig({ answerNumbers: true });
    const r = rig;
    const updates = serveNumbers(r.sims.twilio);
    numberOf(r).voice = { ...EARLIER };
    await r.runner.numbersReady();

    const view = await r.core.numbers.attach({ workspaceId: r.ws, number: NUMBER, agent: 'Ava', forwardTo: '+14155550199' }, 'console');
    expect(view).toMatchObject({ number: NUMBER, agentName: 'Ava', forwardTo: '+14155550199', awayMessage: DEFAULT_AWAY_MESSAGE });
    expect(view.whenAway).toContain('put through to +14155550199');
    const pointed = numberOf(r).voice;
    expect(pointed?.voice_url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${r.runner.port}/twilio/answer/[A-Za-z0-9_-]+$`));
    expect(pointed?.voice_fallback_url).toMatch(/^https:\/\/twimlets\.com\/echo\?Twiml=/);
    expect(pointed).toMatchObject({ voice_method: 'POST', voice_application_sid: null, trunk_sid: null, voice_receive_mode: 'voice' });

    r.anthropic.state.stream.replies.push({
      text: 'Saturday at ten is booked. Goodbye!',
      endCall: { outcome: 'interested', reason: 'Booked Saturday.' },
    });
    r.deepgram.queueTranscripts('I would like Saturday morning please.');
    const rang = await ringNumber(r.sims.twilio, NUMBER, { from: CALLER, calls: r.sims.calls });
    if (rang.kind !== 'stream') throw new Error(`expected a stream, got ${rang.kind}`);
    await agentDone(rang.media, 0);
    await rang.media.speak('I would like Saturday morning please.', 700);
    await until(() => r.events.some((e) => e.type === 'ended'), 60_000, 'the call to end');

    const [summary] = r.core.calls.list(r.ws, {});
    if (!summary) throw new Error('no call recorded');
    expect(summary).toMatchObject({ direction: 'inbound', to: NUMBER, from: CALLER, carrierCallId: rang.callSid, outcome: 'interested' });
    const call = r.core.calls.get(r.ws, summary.id);
    expect(call.transcript[0]).toMatchObject({ speaker: 'agent', text: 'Hi, this is Ava from Acme Dental. Do you have a minute?' });
    expect(call.transcript.some((l) => l.speaker === 'caller' && /saturday/i.test(l.text))).toBe(true);
    expect(call.usage.some((u) => u.provider === 'twilio' && u.unit === 'minutes')).toBe(true);
    // Sealed at rest: the words are not in the database.
    const rows = r.core.db.prepare('SELECT ciphertext FROM call_transcript WHERE call_id = ?').all(summary.id) as { ciphertext: Buffer }[];
    expect(rows.length).toBeGreaterThan(1);
    expect(rows.some((row) => row.ciphertext.toString('latin1').includes('Saturday'))).toBe(false);

    const detached = await r.core.numbers.detach(r.ws, NUMBER, 'console');
    expect(detached.number).toBe(NUMBER);
    expect(numberOf(r).voice).toEqual(EARLIER);
    expect(r.core.numbers.list(r.ws)).toEqual([]);
    // Every request to Twilio's REST API is one its OpenAPI description allows.
    const verdicts = checkTwilioRequests(r.sims.twilio.requests);
    expect(verdicts.map((v) => v.operation)).toContain('POST /2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers/{Sid}.json');
    expect(verdicts.flatMap((v) => v.problems)).toEqual([]);
    expect(updates.updates).toHaveLength(2);
    const actions = r.core.audit.list({}).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['number.attach', 'call.answer', 'number.detach']));
  });

  it('clears an application on the number while attached (it would take the calls) and puts it back on detach', async () => {
    rig = await startVoiceRig({ answerNumbers: true });
    const r = rig;
    serveNumbers(r.sims.twilio);
    const withApp: TwilioVoiceConfig = { ...defaultVoiceConfig(), voice_url: null, voice_application_sid: `AP${'3c'.repeat(16)}` };
    numberOf(r).voice = { ...withApp };
    await r.runner.numbersReady();
    await r.core.numbers.attach({ workspaceId: r.ws, number: NUMBER, agent: 'Ava' }, 'console');
    expect(numberOf(r).voice?.voice_application_sid).toBeNull();
    const rang = await ringNumber(r.sims.twilio, NUMBER, { from: CALLER, calls: r.sims.calls });
    expect(rang.kind).toBe('stream');
    if (rang.kind === 'stream') rang.media.stop();
    await until(() => r.events.some((e) => e.type === 'ended'), 60_000, 'the call to end');
    await r.core.numbers.detach(r.ws, NUMBER, 'console');
    expect(numberOf(r).voice).toEqual(withApp);
  });

  it('answers a caller who withheld their number, records them as anonymous and offers no text to them', async () => {
    rig = await startVoiceRig({ answerNumbers: true });
    const r = rig;
    serveNumbers(r.sims.twilio);
    r.core.agents.update(r.ws, 'Ava', { smsTool: true }, 'console');
    await r.runner.numbersReady();
    await r.core.numbers.attach({ workspaceId: r.ws, number: NUMBER, agent: 'Ava' }, 'console');
    r.anthropic.state.stream.replies.push({
      text: 'Thanks for calling. Goodbye!',
      endCall: { outcome: 'not_interested', reason: 'Just asked.' },
    });
    r.deepgram.queueTranscripts('Are you open on Saturday?');
    const rang = await ringNumber(r.sims.twilio, NUMBER, { from: 'Restricted', calls: r.sims.calls });
    if (rang.kind !== 'stream') throw new Error(`expected a stream, got ${rang.kind}`);
    await agentDone(rang.media, 0);
    await rang.media.speak('Are you open on Saturday?', 700);
    await until(() => r.events.some((e) => e.type === 'ended'), 60_000, 'the call to end');
    const [call] = r.core.calls.list(r.ws, {});
    expect(call).toMatchObject({ direction: 'inbound', from: 'anonymous', to: NUMBER, state: 'ended' });
    const offered = r.anthropic.requests
      .filter((q) => q.path === '/v1/messages')
      .flatMap((q) => ((JSON.parse(q.body) as { tools?: { name: string }[] }).tools ?? []).map((t) => t.name));
    // Claude was asked, and offered its other tools but not a text to nobody.
    expect(offered).toContain('end_call');
    expect(offered).not.toContain('send_sms');
  });

  it('refuses a webhook not signed with the account’s auth token: the caller gets the away message from the fallback, no call is recorded', async () => {
    rig = await startVoiceRig({ answerNumbers: true, refusalDelayMs: 0 });
    const r = rig;
    serveNumbers(r.sims.twilio);
    await r.runner.numbersReady();
    await r.core.numbers.attach(
      { workspaceId: r.ws, number: NUMBER, agent: 'Ava', awayMessage: 'Acme Dental is closed; call back at nine.' },
      'console',
    );
    const rang = await ringNumber(r.sims.twilio, NUMBER, { from: CALLER, signWith: 'f'.repeat(32) });
    expect(rang).toMatchObject({ kind: 'said', said: ['Acme Dental is closed; call back at nine.'], dialled: null });
    expect(r.core.calls.list(r.ws, {})).toEqual([]);
  });

  it('tells a caller over the workspace’s ceiling that the lines are busy (inbound and outbound counted together), and records the call as busy', async () => {
    rig = await startVoiceRig({ answerNumbers: true, maxCalls: 1 });
    const r = rig;
    serveNumbers(r.sims.twilio);
    await r.runner.numbersReady();
    await r.core.numbers.attach({ workspaceId: r.ws, number: NUMBER, agent: 'Ava', forwardTo: '+14155550199' }, 'console');
    const { placed, media } = await r.dialAndAnswer('+14155550100');
    await agentDone(media, 0);

    const rang = await ringNumber(r.sims.twilio, NUMBER, { from: CALLER });
    expect(rang).toMatchObject({ kind: 'said', said: [BUSY_MESSAGE], dialled: '+14155550199' });
    const busy = r.core.calls.list(r.ws, {}).find((c) => c.direction === 'inbound');
    expect(busy).toMatchObject({ from: CALLER, to: NUMBER, outcome: 'busy', state: 'ended' });
    placed.hangup();
    await placed.done;
  });

  it('points the number back at the away message when the runner stops, and the away message answers', async () => {
    rig = await startVoiceRig({ answerNumbers: true });
    const r = rig;
    serveNumbers(r.sims.twilio);
    await r.runner.numbersReady();
    await r.core.numbers.attach({ workspaceId: r.ws, number: NUMBER, agent: 'Ava', forwardTo: '+14155550199' }, 'console');
    await r.runner.stop();
    const config = numberOf(r).voice;
    expect(config?.voice_url).toBe(config?.voice_fallback_url);
    const rang = await ringNumber(r.sims.twilio, NUMBER, { from: CALLER });
    expect(rang).toMatchObject({ kind: 'said', said: [DEFAULT_AWAY_MESSAGE], dialled: '+14155550199' });
  });

  it('refuses in one sentence, changing nothing: a number not on the account, one already attached, an Exotel number, an agent that answers a number being deleted', async () => {
    rig = await startVoiceRig({ answerNumbers: true });
    const r = rig;
    const updates = serveNumbers(r.sims.twilio);
    await expect(r.core.numbers.attach({ workspaceId: r.ws, number: '+15005550999', agent: 'Ava' }, 'console')).rejects.toThrow(
      /Acme Dental's Twilio account has no number \+15005550999\./,
    );
    await expect(r.core.numbers.attach({ workspaceId: r.ws, number: 'not a number', agent: 'Ava' }, 'console')).rejects.toThrow(
      /phone number/,
    );
    await expect(
      r.core.numbers.attach({ workspaceId: r.ws, number: NUMBER, agent: 'Ava', awayMessage: 'x'.repeat(301) }, 'console'),
    ).rejects.toThrow();
    expect(updates.updates).toEqual([]);
    await r.core.numbers.attach({ workspaceId: r.ws, number: NUMBER, agent: 'Ava' }, 'console');
    await expect(r.core.numbers.attach({ workspaceId: r.ws, number: NUMBER, agent: 'Ava' }, 'console')).rejects.toThrow(/already attached/);
    expect(() => r.core.agents.delete(r.ws, 'Ava', 'console')).toThrow(/answers \+15005550006: detach the number first/);
    expect(r.core.agents.get(r.ws, 'Ava').name).toBe('Ava');
    expect(updates.updates).toHaveLength(1);
    expect(numberOf(r).voice).not.toEqual(defaultVoiceConfig());
  });
});
