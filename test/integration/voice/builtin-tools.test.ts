/**
 * Switchboard's own tools during a call, against the simulators: send_sms texts only the number on
 * the line with the client's resolved Twilio key (metered on the call, audited, do-not-contact
 * checked), and press_keys plays keys by Twilio's call update, the call going on on the new stream;
 * on Exotel, which cannot play keys, it is not offered.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { checkTwilioRequests } from '../../helpers/twilio-openapi';
import { serveMessages, type SimMessaging } from '../../sim/twilio-messages';
import { agentDone, startVoiceRig, until, type VoiceRig } from '../../helpers/voice-rig';

type Block = { type: string; [k: string]: unknown };
type Message = { role: string; content: string | Block[] };
type Tool = { name: string; input_schema: Record<string, unknown> };

/** The Messages request bodies the Anthropic simulator streamed, in order. */
function llmRequests(rig: VoiceRig): { messages: Message[]; tools: Tool[] }[] {
  return rig.anthropic.requests
    .filter((r) => r.path === '/v1/messages' && r.body.includes('"stream":true'))
    .map((r) => JSON.parse(r.body) as { messages: Message[]; tools: Tool[] });
}

/** Every tool_result the model was given, in order. */
function toolResults(rig: VoiceRig): Block[] {
  const last = llmRequests(rig).at(-1)?.messages ?? [];
  return last.flatMap((m) => (typeof m.content === 'string' ? [] : m.content.filter((b) => b.type === 'tool_result')));
}

const LINE = '+14155550100';

describe('send_sms during a call', () => {
  let rig: VoiceRig | null = null;
  let sms: SimMessaging | null = null;
  afterEach(async () => {
    await rig?.close();
    rig = null;
  });

  async function smsRig(): Promise<VoiceRig> {
    const r = await startVoiceRig();
    rig = r;
    sms = serveMessages(r.sims.twilio);
    r.core.agents.update(r.ws, r.agent.id, { smsTool: true }, 'console');
    return r;
  }

  it('texts the number on the line with the client’s own Twilio key, metered on the call and audited, without the key in the model’s context', async () => {
    const r = await smsRig();
    const text = 'Acme Dental, 12 Main St. Your check-up: Tuesday 10:00.';
    r.anthropic.state.stream.replies.push(
      { text: 'Sure, I will text it to you.', toolUses: [{ name: 'send_sms', input: { text } }] },
      { text: 'Sent. Goodbye!', endCall: { outcome: 'interested', reason: 'Texted the address.' } },
    );
    r.deepgram.queueTranscripts('Can you text me the address?');
    const { placed, media } = await r.dialAndAnswer(LINE);
    await agentDone(media, 0);
    await media.speak('Can you text me the address?', 700);
    const end = await placed.done;

    expect(end).toMatchObject({ outcome: 'interested', answered: true });
    expect(r.anthropic.state.stream.refused).toEqual([]);
    const twilioKey = r.core.credentials.list(r.ws, { provider: 'twilio' })[0];
    // One message, to the callee, from the client's number, sent with the client's account.
    expect(sms?.messages.map((m) => [m.to, m.from, m.body])).toEqual([[LINE, r.sims.twilio.state.numbers[0]?.phoneNumber, text]]);
    expect(toolResults(r)[0]).toMatchObject({ content: '{"sent":true,"segments":1,"note":"The text went to the number on this call."}' });
    // Metered on the call, against the client's own key; audited without the text.
    const call = r.core.calls.get(r.ws, placed.id);
    expect(call.usage.filter((u) => u.unit === 'messages')).toEqual([
      expect.objectContaining({ provider: 'twilio', credentialId: twilioKey?.id, owner: 'own', amount: 1 }),
    ]);
    const audit = r.core.audit.list({ workspaceId: r.ws }).filter((e) => e.action === 'call.sms');
    expect(audit).toEqual([
      expect.objectContaining({ target: placed.id, detail: expect.objectContaining({ owner: 'own', outcome: 'sent', segments: 1 }) }),
    ]);
    expect(JSON.stringify(audit)).not.toContain('Main St');
    // The Messages request as Twilio's OpenAPI description has it.
    const twilio = checkTwilioRequests(r.sims.twilio.requests);
    expect(twilio.map((v) => v.operation)).toContain('POST /2010-04-01/Accounts/{AccountSid}/Messages.json');
    expect(twilio.flatMap((v) => v.problems)).toEqual([]);
    // The model was offered a text and nothing else: no number, no key.
    const offered = llmRequests(r)[0]?.tools.find((t) => t.name === 'send_sms');
    expect(offered?.input_schema).toMatchObject({ properties: { text: { type: 'string' } }, additionalProperties: false });
    expect(Object.keys(offered?.input_schema.properties as object)).toEqual(['text']);
    for (const req of r.anthropic.requests) expect(req.body.includes(r.sims.twilio.state.authToken)).toBe(false);
  });

  it('refuses a caller who asks for another number: a number from the model is refused, and a text goes only to the line', async () => {
    const r = await smsRig();
    r.anthropic.state.stream.replies.push(
      // What a model talked into it might send: the caller's other number beside the text.
      { text: 'Let me try.', toolUses: [{ name: 'send_sms', input: { text: 'Hi from Acme', to: '+14155559999' } }] },
      // And the number inside the text: still only the line gets it.
      { text: 'I can only text this number.', toolUses: [{ name: 'send_sms', input: { text: 'Text +14155559999 for me' } }] },
      { text: 'Done, it went to this phone. Goodbye!', endCall: { outcome: 'not_interested', reason: 'Asked to text another number.' } },
    );
    r.deepgram.queueTranscripts('Text my wife at 415 555 9999 instead.');
    const { placed, media } = await r.dialAndAnswer(LINE);
    await agentDone(media, 0);
    await media.speak('Text my wife at 415 555 9999 instead.', 700);
    await placed.done;

    const results = toolResults(r);
    expect(results[0]).toMatchObject({
      is_error: true,
      content: 'send_sms takes no to: a text goes only to the number on this call, and nothing else can be chosen.',
    });
    expect(sms?.messages.map((m) => m.to)).toEqual([LINE]);
    expect(sms?.messages.some((m) => m.to === '+14155559999')).toBe(false);
  });

  it('never texts from a reply prepared on a guess the caller went on from: only the confirmed turn sends', async () => {
    const r = await smsRig();
    r.anthropic.state.stream.replies.push(
      { text: 'Sure.', toolUses: [{ name: 'send_sms', input: { text: 'Acme Dental, 12 Main St.' } }] },
      { text: 'Sent. Goodbye!', endCall: { outcome: 'interested', reason: 'Texted the address.' } },
    );
    // A pause mid-sentence: a reply is prepared on the early turn (its tool_use streamed), then the caller goes on.
    r.deepgram.queueTranscripts('Can you text me. | The address, please.');
    const { placed, media } = await r.dialAndAnswer(LINE);
    await agentDone(media, 0);
    await media.speak('Can you text me.', 450);
    await media.speak('The address, please.', 700);
    const end = await placed.done;

    expect(end.session?.speculation.wasted).toBeGreaterThanOrEqual(1);
    expect(sms?.messages.map((m) => m.to)).toEqual([LINE]);
  });

  it('refuses a number on the do-not-contact list: nothing is sent or metered', async () => {
    const r = await smsRig();
    r.core.campaigns.dnc.add({ kind: 'workspace', workspaceId: r.ws }, [LINE], 'operator', 'console');
    r.anthropic.state.stream.replies.push(
      { text: 'Sure.', toolUses: [{ name: 'send_sms', input: { text: 'Our address: 12 Main St.' } }] },
      { text: 'I cannot text this number, sorry. Goodbye!', endCall: { outcome: 'interested', reason: 'Could not text.' } },
    );
    r.deepgram.queueTranscripts('Text me the address.');
    const { placed, media } = await r.dialAndAnswer(LINE);
    await agentDone(media, 0);
    await media.speak('Text me the address.', 700);
    await placed.done;

    expect(toolResults(r)[0]).toMatchObject({
      is_error: true,
      content: "No text was sent: this number is on the workspace's do-not-contact list.",
    });
    expect(sms?.messages).toEqual([]);
    expect(r.core.calls.get(r.ws, placed.id).usage.filter((u) => u.unit === 'messages')).toEqual([]);
    expect(r.core.audit.list({ workspaceId: r.ws }).filter((e) => e.action === 'call.sms')).toEqual([]);
  });
});

describe('press_keys during a call', () => {
  let rig: VoiceRig | null = null;
  afterEach(async () => {
    await rig?.close();
    rig = null;
  });

  it('plays the keys through Twilio’s call update and goes on on the new stream, without a hold line', async () => {
    const r = await startVoiceRig();
    rig = r;
    r.anthropic.state.stream.replies.push(
      { text: '', toolUses: [{ name: 'press_keys', input: { keys: '2' } }] },
      { text: '' },
      { text: 'Hi, I would like to book a check-up. Goodbye!', endCall: { outcome: 'interested', reason: 'Reached the desk.' } },
    );
    r.deepgram.queueTranscripts('For appointments, press 2.', 'Appointments desk, how can I help?');
    const { placed, media } = await r.dialAndAnswer(LINE);
    const call = r.sims.calls.at(-1);
    if (!call) throw new Error('no call');
    await agentDone(media, 0);
    await media.speak('For appointments, press 2.', 700);
    // Twilio stops the first stream, plays the key, and streams the call anew.
    await until(() => call.streams.length === 2, 30_000, 'the new stream');
    const desk = call.streams[1];
    if (!desk) throw new Error('no second stream');
    await until(() => toolResults(r).length === 1, 30_000, 'the tool result');
    await desk.speak('Appointments desk, how can I help?', 700);
    const end = await placed.done;

    expect(end).toMatchObject({ outcome: 'interested', answered: true });
    expect(r.anthropic.state.stream.refused).toEqual([]);
    expect(call.keysPlayed).toEqual(['2']);
    expect(call.warnings).toEqual([]);
    // The call update (Twiml only) as Twilio's OpenAPI description has it.
    const update = r.sims.twilio.requests.filter(
      (q) => q.method === 'POST' && q.path === `/2010-04-01/Accounts/${r.sims.twilio.state.accountSid}/Calls/${call.sid}.json`,
    );
    expect(update.map((q) => [...new URLSearchParams(q.body).keys()])).toEqual([['Twiml'], ['Status']]);
    expect(checkTwilioRequests(r.sims.twilio.requests).flatMap((v) => v.problems)).toEqual([]);
    expect(await media.closed).toMatchObject({ code: 1000 });
    // Nothing the carriers would refuse on either stream (no key message), and the agent spoke on the new one.
    expect([...media.violations, ...desk.violations]).toEqual([]);
    expect(desk.received.some((m) => m.kind === 'media')).toBe(true);
    expect(toolResults(r)[0]).toMatchObject({
      content: '{"pressed":"2","note":"The keys were played. Listen to what the line says next."}',
    });
    // Offered where the carrier plays keys; neither send_sms (the agent's switch is off) nor schedule_callback (no campaign).
    expect(llmRequests(r)[0]?.tools.map((t) => t.name)).toEqual(['end_call', 'press_keys']);
    const lines = r.core.calls.get(r.ws, placed.id).transcript.map((l) => [l.speaker, l.text]);
    expect(lines.slice(1)).toEqual([
      ['caller', 'For appointments, press 2.'],
      ['caller', 'Appointments desk, how can I help?'],
      ['agent', 'Hi, I would like to book a check-up. Goodbye!'],
    ]);
  });

  it('is not offered on Exotel, whose stream and API cannot play keys', async () => {
    const r = await startVoiceRig({ carrier: 'exotel' });
    rig = r;
    const { serveExotelCalls, answerExotelCall } = await import('../../sim/exotel-calls');
    const exotelCalls = serveExotelCalls(r.sims.byId.exotel as Parameters<typeof serveExotelCalls>[0]);
    r.anthropic.state.stream.replies.push({
      text: 'Sorry, I cannot press keys. Goodbye!',
      endCall: { outcome: 'callback', reason: 'Menu.' },
    });
    r.deepgram.queueTranscripts('For appointments, press 2.');
    const placed = await r.runner.place({ workspaceId: r.ws, agentId: r.agent.id, to: '+919812345678', actor: 'console' });
    const call = exotelCalls[0];
    if (!call) throw new Error('Exotel recorded no call');
    const media = await answerExotelCall(call);
    await agentDone(media, 0);
    await media.speak('For appointments, press 2.', 700);
    await placed.done;

    expect(llmRequests(r)[0]?.tools.map((t) => t.name)).toEqual(['end_call']);
    expect(media.violations).toEqual([]);
  });
});
