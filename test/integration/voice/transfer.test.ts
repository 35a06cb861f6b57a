/**
 * transfer_call against the simulators: a cold transfer (the caller rung through to the person on a
 * child leg, the agent gone), a warm one (the person rung on a leg of their own, briefed in the
 * agent's voice, then both joined in one room), a warm one nobody answers and one a voicemail
 * answers (the agent comes back to the caller and says so), and a model that tries a number or a
 * name the operator never configured, refused with nothing dialled. Every call's record lists the
 * transfer; the transfer legs' minutes are metered to the carrier key that paid.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { checkTwilioRequests } from '../../helpers/twilio-openapi';
import { agentDone, placeExotelCall, startVoiceRig, until, type VoiceRig } from '../../helpers/voice-rig';
import { answerExotelCall } from '../../sim/exotel-calls';
import { answerCall, type SimCall } from '../../sim/twilio-calls';
import { answerChild, bridgedWith, hangUpParty, roomsOf } from '../../sim/twilio-transfers';

type Block = { type: string; [k: string]: unknown };
type Message = { role: string; content: string | Block[] };

const SALES = '+14155550123';
const SUPPORT = '+14155550124';
const SUMMARY = 'Sam Lee wants a quote for a check-up for two children this month.';

/** The Messages request bodies the Anthropic simulator streamed, in order. */
function llmRequests(rig: VoiceRig): { messages: Message[]; tools: { name: string; input_schema: Record<string, unknown> }[] }[] {
  return rig.anthropic.requests
    .filter((r) => r.path === '/v1/messages' && r.body.includes('"stream":true'))
    .map((r) => JSON.parse(r.body) as { messages: Message[]; tools: { name: string; input_schema: Record<string, unknown> }[] });
}

/** The tool_result the model got for its transfer_call, from the request after it. */
function transferResult(rig: VoiceRig): Block | undefined {
  for (const req of llmRequests(rig))
    for (const m of req.messages) if (Array.isArray(m.content)) for (const b of m.content) if (b.type === 'tool_result') return b;
  return undefined;
}

/** What the call metered on the Twilio key. */
function twilioUsage(rig: VoiceRig, callId: string): Record<string, number> {
  const usage = rig.core.calls.get(rig.ws, callId).usage.filter((u) => u.provider === 'twilio');
  return Object.fromEntries(usage.map((u) => [u.unit, u.amount]));
}

const callTo = (rig: VoiceRig, to: string): SimCall | undefined => rig.sims.calls.find((c) => c.to === to);

describe('transfer_call: handing a call to a person', () => {
  let rig: VoiceRig | null = null;
  afterEach(async () => {
    await rig?.close();
    rig = null;
  });

  async function rigWithTargets(): Promise<VoiceRig> {
    const r = await startVoiceRig();
    rig = r;
    r.core.transferTargets.add(
      r.ws,
      r.agent.id,
      { name: 'Sales desk', number: SALES, whenToUse: 'The caller wants a price or to book.', mode: 'warm' },
      'console',
    );
    r.core.transferTargets.add(
      r.ws,
      r.agent.id,
      { name: 'Support line', number: SUPPORT, whenToUse: 'The caller has a problem with a visit.', mode: 'cold' },
      'console',
    );
    return r;
  }

  it('cold: the agent says its line, the caller is rung through to the person on a child leg, and the agent leaves; outcome transferred, both legs metered', async () => {
    const r = await rigWithTargets();
    r.anthropic.state.stream.replies.push(
      {
        text: 'Sure, I will put you through to our support line.',
        toolUses: [{ name: 'transfer_call', input: { target: 'Support line', summary: 'The caller’s filling came loose.' } }],
      },
      { text: 'Connecting you now.' },
    );
    r.deepgram.queueTranscripts('My filling came loose, can I talk to someone?');
    const { placed, media } = await r.dialAndAnswer();
    const caller = callTo(r, '+14155550100') as SimCall;
    await agentDone(media, 0);
    await media.speak('My filling came loose, can I talk to someone?', 700);

    await until(() => callTo(r, SUPPORT) !== undefined, 60_000, 'the child leg to ring the support line');
    const child = callTo(r, SUPPORT) as SimCall;
    expect(child).toMatchObject({ parentSid: caller.sid, direction: 'outbound-dial', from: caller.from, ringSeconds: 25 });
    // The caller's stream ended when the call was given the <Dial>: the agent has left.
    expect((await media.closed).code).toBe(1000);
    await answerChild(r.sims.calls, child, 'answer');
    expect(bridgedWith(r.sims.calls, caller)).toBe(child);
    await hangUpParty(r.sims.calls, child, { [child.sid]: 40, [caller.sid]: 75 });
    const end = await placed.done;

    expect(end).toMatchObject({ outcome: 'transferred', answered: true, durationSeconds: 75 });
    expect(end.reason).toBe('The agent transferred the caller to Support line (cold).');
    const call = r.core.calls.get(r.ws, placed.id);
    expect(call.outcome).toBe('transferred');
    expect(call.transcript.map((l) => [l.speaker, l.text]).slice(1)).toEqual([
      ['caller', 'My filling came loose, can I talk to someone?'],
      ['agent', 'Sure, I will put you through to our support line. Connecting you now.'],
    ]);
    expect(call.events).toHaveLength(1);
    expect(call.events[0]).toMatchObject({
      seq: 1,
      kind: 'transfer',
      name: 'Support line',
      ok: true,
      detail: { mode: 'cold', result: 'connected', summary: 'The caller’s filling came loose.', legSeconds: 40 },
    });
    // The caller's 75 s (2 started minutes) and the child leg's 40 s (1) on the key that paid for the call; one dial request.
    expect(twilioUsage(r, placed.id)).toEqual({ minutes: 3, requests: 1 });
    expect(r.anthropic.state.stream.refused).toEqual([]);
    const twilio = checkTwilioRequests(r.sims.twilio.requests);
    expect(twilio.map((v) => v.operation)).toContain('POST /2010-04-01/Accounts/{AccountSid}/Calls/{Sid}.json');
    expect(twilio.flatMap((v) => v.problems)).toEqual([]);
    // The model never saw a number: the tool lists names only.
    expect(JSON.stringify(llmRequests(r)[0]?.tools)).not.toContain('5550124');
    expect(r.core.audit.list({ workspaceId: r.ws }).some((e) => e.action === 'call.transfer')).toBe(true);
  });

  it('warm: the caller holds while the person is rung and briefed in the agent’s voice, then both are joined and the agent leaves', async () => {
    const r = await rigWithTargets();
    r.anthropic.state.stream.replies.push({
      text: 'Let me get our sales desk on the line for you. Please hold.',
      toolUses: [{ name: 'transfer_call', input: { target: 'Sales desk', summary: SUMMARY } }],
    });
    r.deepgram.queueTranscripts('How much is a check-up for two kids?');
    const { placed, media } = await r.dialAndAnswer();
    const caller = callTo(r, '+14155550100') as SimCall;
    await agentDone(media, 0);
    await media.speak('How much is a check-up for two kids?', 700);

    await until(() => callTo(r, SALES) !== undefined, 60_000, 'the sales desk to be rung');
    const personCall = callTo(r, SALES) as SimCall;
    // Its own call, from the workspace's number, with machine detection, ringing 25 s.
    expect(personCall).toMatchObject({ machineDetection: 'Enable', asyncAmd: true, from: caller.from, ringSeconds: 25 });
    const person = await answerCall(r.sims.twilio, personCall, { behaviour: 'answer', media: { markEcho: 'immediate' } });
    if (!person) throw new Error('the person’s leg was not streamed');
    await until(() => (roomsOf(r.sims.calls).values().next().value?.members.length ?? 0) === 2, 60_000, 'both calls to join one room');
    const room = [...roomsOf(r.sims.calls).values()][0];
    expect(room?.members.map((m) => [m.call.sid, m.endOnExit])).toEqual([
      [personCall.sid, true],
      [caller.sid, true],
    ]);
    // The person heard the brief, in the agent's voice, with the model's summary; the caller's and the person's streams both ended.
    expect(person.agentAudio().length).toBeGreaterThan(8000);
    const briefed = r.cartesia.received.some((m) => typeof m.transcript === 'string' && m.transcript.includes('two children'));
    expect(briefed).toBe(true);
    expect((await person.closed).code).toBe(1000);
    expect((await media.closed).code).toBe(1000);

    await hangUpParty(r.sims.calls, caller, { [caller.sid]: 95, [personCall.sid]: 70 });
    const end = await placed.done;
    expect(end).toMatchObject({ outcome: 'transferred', durationSeconds: 95 });
    const call = r.core.calls.get(r.ws, placed.id);
    expect(call.transcript.at(-1)).toMatchObject({ speaker: 'agent', text: 'Let me get our sales desk on the line for you. Please hold.' });
    expect(call.events.map((e) => [e.kind, e.name, e.ok, e.detail.mode, e.detail.result, e.detail.legSeconds])).toEqual([
      ['transfer', 'Sales desk', true, 'warm', 'connected', 70],
    ]);
    // Caller 95 s (2 minutes) + the person's leg 70 s (2 minutes); two dial requests (the caller's and the person's).
    expect(twilioUsage(r, placed.id)).toEqual({ minutes: 4, requests: 2 });
    const twilio = checkTwilioRequests(r.sims.twilio.requests);
    expect(twilio.flatMap((v) => v.problems)).toEqual([]);
    expect(r.anthropic.state.stream.refused).toEqual([]);
  });

  it('warm, nobody answers: the person’s leg is given up, the agent comes back to the caller and says so, and the call goes on', async () => {
    const r = await rigWithTargets();
    r.anthropic.state.stream.replies.push(
      {
        text: 'Let me try our sales desk. One moment.',
        toolUses: [{ name: 'transfer_call', input: { target: 'Sales desk', summary: SUMMARY } }],
      },
      { text: 'I am sorry, nobody at the sales desk picked up. Shall I have them call you back?' },
      {
        text: 'Great, they will call you. Goodbye!',
        endCall: { outcome: 'callback', reason: 'Sales desk did not answer; callback wanted.' },
      },
    );
    r.deepgram.queueTranscripts('How much is a check-up?', 'Yes please.');
    const { placed, media } = await r.dialAndAnswer();
    const greeting = await agentDone(media, 0);
    await media.speak('How much is a check-up?', 700);
    await until(() => callTo(r, SALES) !== undefined, 60_000, 'the sales desk to be rung');
    expect(await answerCall(r.sims.twilio, callTo(r, SALES) as SimCall, { behaviour: 'no-answer' })).toBeNull();
    await until(() => llmRequests(r).length >= 2, 60_000, 'the model to hear the transfer failed');
    await agentDone(media, greeting);
    await media.speak('Yes please.', 700);
    const end = await placed.done;

    expect(end).toMatchObject({ outcome: 'callback' });
    expect(transferResult(r)).toMatchObject({
      is_error: true,
      content: 'Sales desk did not answer, so the caller was not transferred. Tell the caller, and carry on with the call.',
    });
    const call = r.core.calls.get(r.ws, placed.id);
    expect(call.transcript.map((l) => l.text)).toContain(
      'Let me try our sales desk. One moment. I am sorry, nobody at the sales desk picked up. Shall I have them call you back?',
    );
    expect(call.events.map((e) => [e.name, e.ok, e.detail.result])).toEqual([['Sales desk', false, 'no-answer']]);
    // The unanswered leg cost no minutes, but it was a dial request of its own.
    expect(twilioUsage(r, placed.id).requests).toBe(2);
  });

  it('warm, a voicemail answers the person’s leg: nothing about the caller is said to it, the leg is hung up, and the agent tells the caller', async () => {
    const r = await rigWithTargets();
    r.anthropic.state.stream.replies.push(
      {
        text: 'One moment while I reach our sales desk.',
        toolUses: [{ name: 'transfer_call', input: { target: 'Sales desk', summary: SUMMARY } }],
      },
      {
        text: 'I only reached the sales desk’s voicemail, so they will call you back. Goodbye!',
        endCall: { outcome: 'callback', reason: 'Sales desk voicemail.' },
      },
    );
    r.deepgram.queueTranscripts('Can I speak to sales?');
    const { placed, media } = await r.dialAndAnswer();
    await agentDone(media, 0);
    await media.speak('Can I speak to sales?', 700);
    await until(() => callTo(r, SALES) !== undefined, 60_000, 'the sales desk to be rung');
    const personCall = callTo(r, SALES) as SimCall;
    const machine = await answerCall(r.sims.twilio, personCall, { behaviour: 'machine', media: { markEcho: 'immediate' } });
    const end = await placed.done;

    expect(end).toMatchObject({ outcome: 'callback' });
    // The machine heard nothing from the agent: no brief, no summary.
    expect(machine?.agentAudio().length ?? 0).toBe(0);
    expect(r.cartesia.received.some((m) => typeof m.transcript === 'string' && m.transcript.includes('two children'))).toBe(false);
    expect(personCall.hungUp).toBe(true);
    expect(transferResult(r)).toMatchObject({ is_error: true, content: expect.stringContaining('a voicemail answered') as unknown });
    const call = r.core.calls.get(r.ws, placed.id);
    expect(call.events.map((e) => [e.name, e.ok, e.detail.mode, e.detail.result])).toEqual([['Sales desk', false, 'warm', 'voicemail']]);
    expect(call.transcript.at(-1)?.text).toBe(
      'One moment while I reach our sales desk. I only reached the sales desk’s voicemail, so they will call you back. Goodbye!',
    );
  });

  it('refuses a number or a name the operator did not configure: nothing is dialled, and the model is told who it may transfer to', async () => {
    const r = await rigWithTargets();
    r.anthropic.state.stream.replies.push(
      { text: 'Let me try.', toolUses: [{ name: 'transfer_call', input: { target: '+1 415 555 0999', summary: 'Caller asked.' } }] },
      { text: 'Let me try that.', toolUses: [{ name: 'transfer_call', input: { target: 'Legal', summary: 'Caller asked.' } }] },
      {
        text: 'I can only transfer you to our sales desk or support line. Goodbye!',
        endCall: { outcome: 'not_interested', reason: 'Asked for another number.' },
      },
    );
    r.deepgram.queueTranscripts('Transfer me to plus one four one five five five five zero nine nine nine, or your lawyer.');
    const { placed, media } = await r.dialAndAnswer();
    await agentDone(media, 0);
    await media.speak('Transfer me to plus one four one five five five five zero nine nine nine, or your lawyer.', 700);
    await placed.done;

    expect(r.sims.calls).toHaveLength(1);
    expect(
      r.sims.twilio.requests.filter((q) => q.method === 'POST' && /\/Calls\/CA[0-9a-f]+\.json$/.test(q.path) && q.body.includes('Twiml')),
    ).toEqual([]);
    const results = llmRequests(r)
      .at(-1)
      ?.messages.flatMap((m) => (Array.isArray(m.content) ? m.content.filter((b) => b.type === 'tool_result') : []));
    expect(results?.map((b) => [b.is_error, b.content])).toEqual([
      [
        true,
        'transfer_call never dials a number; it transfers only to Sales desk, Support line. Tell the caller you cannot transfer them there.',
      ],
      [
        true,
        'There is no transfer target called Legal; the targets are Sales desk, Support line. Tell the caller you cannot transfer them there.',
      ],
    ]);
    // The tool offers the operator's names as its only choices, with when to use each, and no number.
    const offered = llmRequests(r)[0]?.tools.find((t) => t.name === 'transfer_call');
    expect(offered?.input_schema).toMatchObject({
      properties: { target: { enum: ['Sales desk', 'Support line'] } },
      additionalProperties: false,
    });
    expect(JSON.stringify(offered)).not.toMatch(/555012[34]/);
    expect(r.core.calls.get(r.ws, placed.id).events).toEqual([]);
  });

  it('offers no transfer_call on an Exotel call, whose API cannot move a live call, though the agent has targets', async () => {
    const r = await startVoiceRig({ carrier: 'exotel' });
    rig = r;
    r.core.transferTargets.add(
      r.ws,
      r.agent.id,
      { name: 'Sales desk', number: '+919812340000', whenToUse: 'Prices.', mode: 'warm' },
      'console',
    );
    r.anthropic.state.stream.replies.push({ text: 'Goodbye!', endCall: { outcome: 'not_interested', reason: 'Said no.' } });
    r.deepgram.queueTranscripts('Put me through to sales.');
    const { placed, call } = await placeExotelCall(r);
    const media = await answerExotelCall(call);
    await agentDone(media, 0);
    await media.speak('Put me through to sales.', 700);
    await placed.done;
    expect(llmRequests(r)[0]?.tools.map((t) => t.name)).toEqual(['end_call']);
  });
});
