import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { agentDone, startVoiceRig, until, type VoiceRig } from '../../helpers/voice-rig';
import { answerCall } from '../../sim/twilio-calls';
import { runCliLines, type CliLines } from '../../helpers/cli';

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

  const cli = (voiceRig: VoiceRig, args: string[], stdin = ''): Promise<CliLines> =>
    runCliLines(
      args,
      { env: { SWITCHBOARD_DATA_DIR: voiceRig.core.dataDir, ...voiceRig.sims.env }, keyStore: voiceRig.core.keyStore },
      stdin,
    );

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
    const { code, outLines, errLines } = await run;
    expect(errLines).toEqual([]);
    expect(code).toBe(0);
    const events = outLines.map(
      (line) => JSON.parse(line) as { type: string; speaker?: string; text?: string; final?: boolean; outcome?: string },
    );
    expect(events.filter((e) => e.type === 'transcript' && e.final).map((e) => `${e.speaker}: ${e.text}`)).toEqual([
      'agent: Hi, this is Ava from Acme Dental. Do you have a minute?',
      'caller: Yes, please book me in.',
      'agent: Lovely, we will see you on Tuesday. Goodbye!',
    ]);
    expect(events.at(-1)).toMatchObject({ type: 'ended', outcome: 'interested' });
    const calls = await cli(r, ['calls', 'list', 'Acme Dental', '--json']);
    expect(JSON.parse(calls.out)).toEqual([expect.objectContaining({ outcome: 'interested', agentName: 'Ava' })]);
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
    const { code, outLines, errLines } = await run;
    expect(code).toBe(0);
    expect(outLines[0]).toBe(
      `Voice runner on 127.0.0.1:${port}; carriers reach it at http://127.0.0.1:${port}. Type "WS NUMBER AGENT" to place a call; Ctrl-C stops.`,
    );
    expect(outLines).toContain('[Acme Dental +14155550123] caller: No thanks, not right now.');
    expect(outLines.at(-1)).toBe('[Acme Dental +14155550123] · ended: not_interested — Not looking for a check-up.');
    expect(errLines).toEqual(['Write one call per line as: WORKSPACE NUMBER AGENT (the number without spaces).']);
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
      const { code, outLines, errLines } = await cli(r, args);
      expect({ args, code, errLines }).toEqual({ args, code: 2, errLines });
      expect(outLines).toEqual([]);
      expect(errLines).toHaveLength(1);
      expect(errLines[0]).not.toMatch(/at .*\.ts:\d+/);
    }
    // No ngrok key is not bad input but a missing credential: exit 1, as for every command.
    const tunnel = await cli(r, ['voice', 'serve', '--tunnel']);
    expect({ code: tunnel.code, outLines: tunnel.outLines, errLines: tunnel.errLines }).toEqual({
      code: 1,
      outLines: [],
      errLines: ["switchboard: Add an ngrok authtoken under the agency's API keys, or pass --public-url."],
    });
    expect(r.sims.calls).toHaveLength(0);
  });
});
