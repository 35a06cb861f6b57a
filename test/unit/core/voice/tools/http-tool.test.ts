import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock, realClock } from '../../../../../electron/core/voice/clock';
import { isLoopback, isPublicAddress } from '../../../../../electron/core/voice/tools/address';
import { callHttpTool, MAX_TOOL_ANSWER_BYTES, type HttpTool } from '../../../../../electron/core/voice/tools/http-tool';
import { CallToolbox } from '../../../../../electron/core/voice/tools/toolbox';
import { startToolServer, type ToolServer } from '../../../../helpers/tool-server';

const PARAMETERS = { type: 'object', properties: { q: { type: 'string' } }, required: ['q'] };

describe('an HTTP tool call', () => {
  let s: ToolServer;
  const tool = (path: string, timeoutMs = 2000): HttpTool => ({
    name: 'lookup',
    url: `${s.origin}${path}`,
    timeoutMs,
    parameters: PARAMETERS,
    header: null,
  });
  const test = () => ({ clock: realClock(), network: { allowLoopback: true, ca: s.ca } });
  beforeAll(async () => {
    s = await startToolServer();
  });
  afterAll(async () => {
    await s.close();
  });

  it('refuses loopback, private, link-local and mapped addresses unless a test allows loopback, and then only loopback', async () => {
    for (const a of [
      '127.0.0.1',
      '::1',
      '10.1.2.3',
      '172.16.0.9',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      'fd00::1',
      'fe80::1',
      '::ffff:192.168.1.1',
      '::ffff:a00:1',
      '224.0.0.1',
    ])
      expect(isPublicAddress(a), a).toBe(false);
    for (const a of ['8.8.8.8', '1.1.1.1', '2606:4700:4700::1111']) expect(isPublicAddress(a), a).toBe(true);
    expect(isLoopback('::ffff:127.0.0.1')).toBe(true);
    const before = s.requests.length;
    // The real server is on loopback: without the test-only allowance it is never reached.
    const refused = await callHttpTool(tool('/ok'), { q: 'x' }, { clock: realClock(), network: { ca: s.ca } });
    expect(refused).toEqual({ isError: true, content: 'The tool’s host is not on the public internet, so it was not called.' });
    // A name that resolves to loopback is the same address: refused by what it resolves to.
    const byName = await callHttpTool(
      { ...tool('/ok'), url: s.origin.replace('127.0.0.1', 'localhost') + '/ok' },
      { q: 'x' },
      { clock: realClock(), network: { ca: s.ca } },
    );
    expect(byName.isError).toBe(true);
    // The test allowance covers loopback only: a private address stays refused.
    const priv = await callHttpTool({ ...tool('/ok'), url: 'https://10.0.0.1/ok' }, { q: 'x' }, test());
    expect(priv.content).toBe('The tool’s host is not on the public internet, so it was not called.');
    const mapped = await callHttpTool({ ...tool('/ok'), url: 'https://[::ffff:192.168.0.1]/ok' }, { q: 'x' }, test());
    expect(mapped.isError).toBe(true);
    expect(s.requests.length).toBe(before);
  });

  it('posts the input as JSON with the secret header and gives back the answer as compact JSON data', async () => {
    s.answer('/ok', { body: '{ "answer" : [1, 2] ,"note":"<script>x</script>"}' });
    const result = await callHttpTool({ ...tool('/ok'), header: { name: 'Authorization', value: 'Bearer t0k' } }, { q: 'when' }, test());
    expect(result).toEqual({ isError: false, content: '{"answer":[1,2],"note":"<script>x</script>"}' });
    expect(s.requests.at(-1)).toMatchObject({ method: 'POST', path: '/ok', body: '{"q":"when"}' });
    expect(s.requests.at(-1)?.headers.authorization).toBe('Bearer t0k');
  });

  it('turns every failure into an error sentence: HTTP errors, redirects, non-JSON, oversized answers, bad input', async () => {
    s.answer('/500', { status: 500, body: '{"secret":"internal detail"}' });
    s.answer('/302', { status: 302, body: '{}', headers: { Location: 'https://10.0.0.1/' } });
    s.answer('/html', { body: '<html>hi</html>' });
    s.answer('/big', { body: JSON.stringify({ x: 'a'.repeat(MAX_TOOL_ANSWER_BYTES) }) });
    expect(await callHttpTool(tool('/500'), { q: 'x' }, test())).toEqual({ isError: true, content: 'The tool lookup answered HTTP 500.' });
    expect(await callHttpTool(tool('/302'), { q: 'x' }, test())).toEqual({
      isError: true,
      content: 'The tool lookup answered HTTP 302 (a redirect, not followed).',
    });
    expect(await callHttpTool(tool('/html'), { q: 'x' }, test())).toEqual({
      isError: true,
      content: 'The tool lookup answered with something other than JSON.',
    });
    expect(await callHttpTool(tool('/big'), { q: 'x' }, test())).toEqual({
      isError: true,
      content: `The tool lookup answered with more than ${MAX_TOOL_ANSWER_BYTES} bytes.`,
    });
    expect(await callHttpTool(tool('/ok'), { other: 1 }, test())).toEqual({ isError: true, content: 'The tool input lacks q.' });
    expect(await callHttpTool(tool('/ok'), ['q'], test())).toEqual({ isError: true, content: 'The tool input must be a JSON object.' });
    expect(await callHttpTool(tool('/ok'), { q: 'x'.repeat(5000) }, test())).toMatchObject({ isError: true });
  });

  it('gives up at the tool’s timeout on the injected clock, and on an abort', async () => {
    s.answer('/hang', 'hang');
    const clock = new ManualClock();
    const before = s.requests.length;
    const pending = callHttpTool(tool('/hang', 800), { q: 'x' }, { clock, network: { allowLoopback: true, ca: s.ca } });
    // The request reaches the server, which never answers; time moves only when the test says.
    while (s.requests.length === before) await new Promise((r) => setTimeout(r, 5));
    clock.advance(799);
    let done = false;
    void pending.then(() => (done = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(done).toBe(false);
    clock.advance(1);
    expect(await pending).toEqual({ isError: true, content: 'The tool lookup did not answer within 800 ms.' });
    const abort = new AbortController();
    const cancelled = callHttpTool(
      tool('/hang', 800),
      { q: 'x' },
      { clock, network: { allowLoopback: true, ca: s.ca }, signal: abort.signal },
    );
    abort.abort();
    expect((await cancelled).isError).toBe(true);
  });

  it('runs only the agent’s own tools, at most five times a call', async () => {
    s.answer('/ok', { body: '{"ok":true}' });
    const box = new CallToolbox([{ ...tool('/ok'), description: 'Look something up.' }], test());
    expect(box.definitions).toEqual([{ name: 'lookup', description: 'Look something up.', input_schema: PARAMETERS }]);
    const signal = new AbortController().signal;
    expect(await box.run('fetch_url', { url: 'https://example.com' }, signal)).toEqual({
      isError: true,
      content: 'There is no tool called fetch_url.',
    });
    for (let i = 0; i < 5; i++) expect((await box.run('lookup', { q: String(i) }, signal)).isError).toBe(false);
    expect(await box.run('lookup', { q: 'six' }, signal)).toEqual({
      isError: true,
      content: 'This call has used all its tool calls; answer without the tool.',
    });
    expect(box.used).toBe(5);
  });
});
