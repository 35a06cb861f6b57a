import { createServer } from 'node:net';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../electron/cli/program';
import { agentDone, startVoiceRig, until, type VoiceRig } from '../../helpers/voice-rig';
import { answerCall } from '../../sim/twilio-calls';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

describe('switchboard call --agent and voice serve', () => {
  let rig: VoiceRig | null = null;
  afterEach(async () => {
    await rig?.close();
    rig = null;
  });

  async function cli(r: VoiceRig, args: string[], stdin = ''): Promise<{ code: number; out: string[]; err: string[] }> {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(args, {
      out: (s) => out.push(s),
      err: (s) => err.push(s),
      env: { SWITCHBOARD_DATA_DIR: r.core.dataDir, ...r.sims.env },
      keyStore: r.core.keyStore,
      stdin: Readable.from([stdin]),
    });
    return { code, out, err };
  }

  it('holds a call with an agent, printing one JSON event per line, and exits when the agent hangs up', async () => {
    rig = await startVoiceRig();
    const r = rig;
    r.anthropic.state.stream.replies.push({
      text: 'Lovely, we will see you on Tuesday. Goodbye!',
      endCall: { outcome: 'interested', reason: 'Wants a Tuesday visit.' },
    });
    r.deepgram.queueTranscripts('Yes, please book me in.');
    const port = await freePort();
    const run = cli(r, [
      'call',
      'Acme Dental',
      '(415) 555-0100',
      '--agent',
      'Ava',
      '--public-url',
      `http://127.0.0.1:${port}`,
      '--port',
      String(port),
      '--json',
    ]);
    await until(() => r.sims.calls.length === 1, undefined, 'the CLI to dial');
    const call = r.sims.calls[0];
    if (!call) throw new Error('no call');
    expect(call.to).toBe('+14155550100');
    const media = await answerCall(r.sims.twilio, call);
    if (!media) throw new Error('not answered');
    await agentDone(media, 0);
    await media.speak('Yes, please book me in.', 700);
    const { code, out, err } = await run;
    expect(err).toEqual([]);
    expect(code).toBe(0);
    const events = out.map((l) => JSON.parse(l) as { type: string; speaker?: string; text?: string; final?: boolean; outcome?: string });
    expect(events.filter((e) => e.type === 'transcript' && e.final).map((e) => `${e.speaker}: ${e.text}`)).toEqual([
      'agent: Hi, this is Ava from Acme Dental. Do you have a minute?',
      'caller: Yes, please book me in.',
      'agent: Lovely, we will see you on Tuesday. Goodbye!',
    ]);
    expect(events.at(-1)).toMatchObject({ type: 'ended', outcome: 'interested' });
    const calls = await cli(r, ['calls', 'list', 'Acme Dental', '--json']);
    expect(JSON.parse(calls.out.join('\n'))).toEqual([expect.objectContaining({ outcome: 'interested', agentName: 'Ava' })]);
  });

  it('voice serve places a call for each line read on standard input, prints its transcript, and stops once piped input ended and the calls finished', async () => {
    rig = await startVoiceRig();
    const r = rig;
    r.anthropic.state.stream.replies.push({
      text: 'No problem at all. Goodbye!',
      endCall: { outcome: 'not_interested', reason: 'Not looking for a check-up.' },
    });
    r.deepgram.queueTranscripts('No thanks, not right now.');
    const port = await freePort();
    const run = cli(
      r,
      ['voice', 'serve', '--public-url', `http://127.0.0.1:${port}`, '--port', String(port)],
      'Acme Dental +14155550123 Ava\njunk\n',
    );
    await until(() => r.sims.calls.length === 1, undefined, 'the runner to dial');
    const media = await answerCall(r.sims.twilio, r.sims.calls[0] ?? (undefined as never));
    if (!media) throw new Error('not answered');
    await agentDone(media, 0);
    await media.speak('No thanks, not right now.', 700);
    const { code, out, err } = await run;
    expect(code).toBe(0);
    expect(out[0]).toBe(
      `Voice runner on 127.0.0.1:${port}; carriers reach it at http://127.0.0.1:${port}. Type "WS NUMBER AGENT" to place a call; Ctrl-C stops.`,
    );
    expect(out).toContain('[Acme Dental +14155550123] caller: No thanks, not right now.');
    expect(out.at(-1)).toBe('[Acme Dental +14155550123] · ended: not_interested — Not looking for a check-up.');
    expect(err).toEqual(['Write one call per line as: WORKSPACE NUMBER AGENT (the number without spaces).']);
  });

  it('refuses in one sentence a call or a runner with no way for carriers to reach it, and bad flags', async () => {
    rig = await startVoiceRig();
    const r = rig;
    for (const args of [
      ['voice', 'serve'],
      ['voice', 'serve', '--public-url', 'https://a.example', '--tunnel'],
      ['voice', 'serve', '--public-url', 'http://voice.example.com'],
      ['voice', 'serve', '--public-url', 'https://a.example', '--port', '99999'],
      ['call', 'Acme Dental', '+14155550100', '--agent', 'Ava'],
      ['call', 'Acme Dental', '+14155550100', '--agent', 'Nobody', '--tunnel'],
      ['call', 'Acme Dental', '+14155550100', '--tunnel'],
    ]) {
      const { code, out, err } = await cli(r, args);
      expect({ args, code, err }).toEqual({ args, code: 2, err });
      expect(out).toEqual([]);
      expect(err).toHaveLength(1);
      expect(err[0]).not.toMatch(/at .*\.ts:\d+/);
    }
    // No ngrok key is not bad input but a missing credential: exit 1, as for every command.
    const tunnel = await cli(r, ['voice', 'serve', '--tunnel']);
    expect(tunnel).toEqual({
      code: 1,
      out: [],
      err: ["switchboard: Add an ngrok authtoken under the agency's API keys, or pass --public-url."],
    });
    expect(r.sims.calls).toHaveLength(0);
  });
});
