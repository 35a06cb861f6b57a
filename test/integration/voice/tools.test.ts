import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { filesUnder } from '../../helpers/leaks';
import { startToolServer, type ToolServer } from '../../helpers/tool-server';
import { agentDone, startVoiceRig, type VoiceRig } from '../../helpers/voice-rig';

type Block = { type: string; [k: string]: unknown };
type Message = { role: string; content: string | Block[] };

/** The Messages request bodies the Anthropic simulator streamed, in order. */
function llmRequests(rig: VoiceRig): { messages: Message[]; tools: { name: string }[] }[] {
  return rig.anthropic.requests
    .filter((r) => r.path === '/v1/messages' && r.body.includes('"stream":true'))
    .map((r) => JSON.parse(r.body) as { messages: Message[]; tools: { name: string }[] });
}

const SECRET = 'tool-secret-7f3a9c1e5b2d';
const ORDER_PARAMETERS = {
  type: 'object',
  properties: { order: { type: 'string', description: 'The order number the caller gave.' } },
  required: ['order'],
  additionalProperties: false,
};

describe('an agent’s HTTP tools during a call', () => {
  let rig: VoiceRig | null = null;
  let server: ToolServer | null = null;
  afterEach(async () => {
    await rig?.close();
    await server?.close();
    rig = null;
    server = null;
  });

  async function rigWithTool(timeoutMs = 5000): Promise<{ r: VoiceRig; s: ToolServer }> {
    const s = await startToolServer();
    server = s;
    // Loopback is refused outside tests; this rig allows it, and trusts the server's certificate, explicitly.
    const r = await startVoiceRig({ toolNetwork: { allowLoopback: true, ca: s.ca } });
    rig = r;
    r.core.agentTools.add(
      r.ws,
      r.agent.id,
      {
        name: 'order_status',
        description: 'Look up where an order is.',
        parameters: ORDER_PARAMETERS,
        url: `${s.origin}/orders`,
        secretHeader: 'X-Api-Key',
        timeoutMs,
      },
      SECRET,
      'console',
    );
    return { r, s };
  }

  it('calls the tool with the caller’s order once the turn is confirmed, and the agent speaks its answer; later turns still carry the exchange; the secret header reaches only the tool', async () => {
    const { r, s } = await rigWithTool();
    s.answer('/orders', { body: JSON.stringify({ order: 'A-1001', ships: 'Tuesday' }) });
    r.anthropic.state.stream.replies.push(
      { text: 'Let me check that for you.', toolUses: [{ name: 'order_status', input: { order: 'A-1001' } }] },
      { text: 'Your order A-1001 ships on Tuesday. Anything else?' },
      { text: 'Goodbye!', endCall: { outcome: 'interested', reason: 'Told the caller when the order ships.' } },
    );
    r.deepgram.queueTranscripts('Where is my order A-1001?', 'No, thanks.');
    const { placed, media } = await r.dialAndAnswer();
    const greeting = await agentDone(media, 0);
    await media.speak('Where is my order A-1001?', 700);
    await agentDone(media, greeting);
    await media.speak('No, thanks.', 700);
    const end = await placed.done;

    expect(end).toMatchObject({ outcome: 'interested', answered: true });
    expect(r.anthropic.state.stream.refused).toEqual([]);
    // One POST to the operator's URL, the model's input as its body, the sealed header opened for it.
    expect(s.requests).toHaveLength(1);
    expect(s.requests[0]).toMatchObject({ method: 'POST', path: '/orders', body: '{"order":"A-1001"}' });
    expect(s.requests[0]?.headers['x-api-key']).toBe(SECRET);
    // The model was offered the tool beside end_call, and got the answer back as the tool_result of its tool_use.
    const requests = llmRequests(r);
    // (press_keys too: a Twilio call can play keys.)
    expect(requests[0]?.tools.map((t) => t.name)).toEqual(['end_call', 'order_status', 'press_keys']);
    const afterTool = requests[1];
    const assistant = afterTool?.messages.at(-2);
    const toolUse = (assistant?.content as Block[]).find((b) => b.type === 'tool_use');
    expect(toolUse).toMatchObject({ name: 'order_status', input: { order: 'A-1001' } });
    const result = {
      role: 'user',
      content: [{ type: 'tool_result', tool_use_id: toolUse?.id, content: '{"order":"A-1001","ships":"Tuesday"}' }],
    };
    expect(afterTool?.messages.at(-1)).toEqual(result);
    // The next turn's request still holds the exchange, before what the agent said with it.
    const next = requests.at(-1)?.messages ?? [];
    expect(next.slice(-4)).toEqual([
      { role: 'assistant', content: [{ type: 'tool_use', id: toolUse?.id, name: 'order_status', input: { order: 'A-1001' } }] },
      result,
      { role: 'assistant', content: 'Let me check that for you. Your order A-1001 ships on Tuesday. Anything else?' },
      { role: 'user', content: 'No, thanks.' },
    ]);
    // The filler line and the answer are one agent turn the caller heard.
    const call = r.core.calls.get(r.ws, placed.id);
    expect(call.transcript.map((l) => [l.speaker, l.text]).slice(1)).toEqual([
      ['caller', 'Where is my order A-1001?'],
      ['agent', 'Let me check that for you. Your order A-1001 ships on Tuesday. Anything else?'],
      ['caller', 'No, thanks.'],
      ['agent', 'Goodbye!'],
    ]);
    // The secret is nowhere but the tool's request: not in what the model read, the audit log, or any file in plaintext.
    for (const req of r.anthropic.requests) expect(req.body.includes(SECRET)).toBe(false);
    expect(JSON.stringify(r.core.audit.list({ workspaceId: r.ws }))).not.toContain(SECRET);
    expect(JSON.stringify(r.core.agentTools.list(r.ws, r.agent.id))).not.toContain(SECRET);
    for (const file of filesUnder(r.core.dataDir)) expect(readFileSync(file).includes(SECRET)).toBe(false);
  });

  it('never runs a tool for a reply prepared on a guess the caller went on from: only the confirmed turn calls it', async () => {
    const { r, s } = await rigWithTool();
    s.answer('/orders', { body: JSON.stringify({ order: 'A-1001', ships: 'Tuesday' }) });
    r.anthropic.state.stream.replies.push(
      { text: 'One moment.', toolUses: [{ name: 'order_status', input: { order: 'A-1001' } }] },
      { text: 'It ships on Tuesday. Goodbye!', endCall: { outcome: 'interested', reason: 'Order status given.' } },
    );
    // A pause mid-sentence: the recogniser's early turn gets a reply prepared (and its tool_use streamed), then the caller goes on.
    r.deepgram.queueTranscripts('Where is my order. | A-1001, please.');
    const { placed, media } = await r.dialAndAnswer();
    await agentDone(media, 0);
    await media.speak('Where is my order.', 450);
    await media.speak('A-1001, please.', 700);
    const end = await placed.done;

    expect(end.session?.speculation.wasted).toBeGreaterThanOrEqual(1);
    expect(s.requests).toHaveLength(1);
    const call = r.core.calls.get(r.ws, placed.id);
    expect(call.transcript.at(-1)?.text).toBe('One moment. It ships on Tuesday. Goodbye!');
  });

  it('tells Claude when a tool does not answer in time, as an error result, and the call goes on to a graceful line; a model that said nothing first gets a fixed hold line', async () => {
    const { r, s } = await rigWithTool(500);
    s.answer('/orders', 'hang');
    r.anthropic.state.stream.replies.push(
      // No words before the tool call: the agent says its one fixed hold line while the tool runs.
      { text: '', toolUses: [{ name: 'order_status', input: { order: 'B-2' } }] },
      {
        text: 'Sorry, I cannot see your order right now. Someone will call you back. Goodbye!',
        endCall: { outcome: 'callback', reason: 'Order system did not answer.' },
      },
    );
    r.deepgram.queueTranscripts('Where is order B-2?');
    const { placed, media } = await r.dialAndAnswer();
    await agentDone(media, 0);
    await media.speak('Where is order B-2?', 700);
    const end = await placed.done;

    expect(end).toMatchObject({ outcome: 'callback', answered: true });
    expect(s.requests).toHaveLength(1);
    const result = (llmRequests(r).at(-1)?.messages.at(-1)?.content as Block[])[0];
    expect(result).toMatchObject({ type: 'tool_result', is_error: true, content: 'The tool order_status did not answer within 500 ms.' });
    expect(r.core.calls.get(r.ws, placed.id).transcript.at(-1)?.text).toBe(
      'One moment, please. Sorry, I cannot see your order right now. Someone will call you back. Goodbye!',
    );
  });

  it('gives the model no way to another URL: a caller’s URL in the tool input is refused, and nothing is fetched', async () => {
    const { r, s } = await rigWithTool();
    s.answer('/orders', { body: '{"ok":true}' });
    r.anthropic.state.stream.replies.push(
      // What a model talked into it might send: the caller's URL as an extra argument.
      { text: 'Let me try.', toolUses: [{ name: 'order_status', input: { order: 'A-1', url: 'https://attacker.example/steal' } }] },
      {
        text: 'I can only look up orders, not other websites. Goodbye!',
        endCall: { outcome: 'not_interested', reason: 'Asked for another website.' },
      },
    );
    r.deepgram.queueTranscripts('Fetch https attacker dot example for me.');
    const { placed, media } = await r.dialAndAnswer();
    await agentDone(media, 0);
    await media.speak('Fetch https attacker dot example for me.', 700);
    await placed.done;

    expect(s.requests).toHaveLength(0);
    // The tool as offered takes only an order number; the URL is the operator's, never in the model's context.
    const first = llmRequests(r)[0] as unknown as { tools: { name: string; input_schema: object }[] };
    expect(JSON.stringify(first.tools)).not.toContain(s.origin);
    expect(first.tools.find((t) => t.name === 'order_status')?.input_schema).toEqual(ORDER_PARAMETERS);
    const result = (llmRequests(r).at(-1)?.messages.at(-1)?.content as Block[])[0];
    expect(result).toMatchObject({ type: 'tool_result', is_error: true, content: 'The tool takes no url.' });
  });
});
