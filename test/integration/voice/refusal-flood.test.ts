import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../electron/core/voice/clock';
import { RefusalTally, type RefusalEntry } from '../../../electron/core/voice/runner/refusals';
import { VoiceRunner } from '../../../electron/core/voice/runner/runner';
import { makeCore } from '../../helpers/core';
import { Tarpit } from '../../../electron/core/voice/runner/tarpit';
import { flood, forgedStatus } from '../../helpers/flood';

type TestCore = Awaited<ReturnType<typeof makeCore>>;
let core: TestCore | null = null;
let runner: VoiceRunner | null = null;
afterEach(async () => {
  await runner?.stop();
  core?.dispose();
  [runner, core] = [null, null];
});

describe('a flood of unauthenticated requests', () => {
  it('adds a handful of audit rows for 10,000 refused status callbacks: the first as it happens, then one summary a minute', async () => {
    core = await makeCore();
    const clock = new ManualClock();
    // Answered at once: this test counts audit rows; the tarpit's hold has tests of its own below.
    runner = new VoiceRunner(core.voiceDeps, { clock, refusalDelayMs: 0 });
    const port = await runner.start();
    runner.setReach({ kind: 'public-url', url: `http://127.0.0.1:${port}` });
    const c = core;
    // Counted by verify, which reads every row (list stops at 500).
    const rows = (): number => c.audit.verify().rows;
    const before = rows();
    const statuses = await flood(port, 10_000);
    expect([...statuses.entries()]).toEqual([[404, 10_000]]);
    const during = rows() - before;
    expect(during).toBe(1);
    expect(core.audit.list({ action: 'call.refused' })[0]?.detail).toMatchObject({
      reason: 'unknown-ref',
      route: 'status',
      from: '127.0.0.1',
    });
    clock.advance(60_000);
    const summary = core.audit.list({ action: 'call.refused-summary' });
    expect(summary.map((e) => e.detail.message)).toEqual([
      '10000 unauthenticated requests to status callbacks from 127.0.0.1 in the last minute.',
    ]);
    expect(summary[0]?.detail).toMatchObject({ count: 10_000, reasons: { 'unknown-ref': 10_000 } });
    expect(rows() - before).toBeLessThanOrEqual(3);
    expect(core.audit.verify()).toMatchObject({ ok: true });
  }, 180_000);
});

describe('the tarpit', () => {
  it("holds a refusal's answer for 250 ms of the runner's clock, then answers it", async () => {
    core = await makeCore();
    const clock = new ManualClock();
    runner = new VoiceRunner(core.voiceDeps, { clock });
    const port = await runner.start();
    runner.setReach({ kind: 'public-url', url: `http://127.0.0.1:${port}` });
    let answered: number | null = null;
    const forged = forgedStatus(port).then((status) => (answered = status));
    // The refusal is audited as it happens; only its answer waits.
    await expect.poll(() => core?.audit.list({ action: 'call.refused' }).length, { timeout: 60_000 }).toBe(1);
    clock.advance(249);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(answered).toBeNull();
    clock.advance(1);
    await forged;
    expect(answered).toBe(404);
  });

  it('holds at most its bound at once and drops the connection past it; clearing drops every held one', () => {
    const clock = new ManualClock();
    const tarpit = new Tarpit(clock, 250, 3);
    const seen: string[] = [];
    for (let i = 0; i < 4; i++)
      tarpit.hold(
        () => seen.push(`answered ${i}`),
        () => seen.push(`dropped ${i}`),
      );
    expect(seen).toEqual(['dropped 3']);
    expect(tarpit.size).toBe(3);
    clock.advance(250);
    expect(seen).toEqual(['dropped 3', 'answered 0', 'answered 1', 'answered 2']);
    tarpit.hold(
      () => seen.push('answered 4'),
      () => seen.push('dropped 4'),
    );
    tarpit.clear();
    clock.advance(1_000);
    expect(seen.slice(4)).toEqual(['dropped 4']);
    expect(tarpit.size).toBe(0);
  });

  it('answers at once when the delay is 0', () => {
    const tarpit = new Tarpit(new ManualClock(), 0);
    const seen: string[] = [];
    tarpit.hold(
      () => seen.push('answered'),
      () => seen.push('dropped'),
    );
    expect(seen).toEqual(['answered']);
  });
});

describe('RefusalTally', () => {
  it('writes the first refusal of each door and address at once, summarises the rest when the window closes, and starts afresh after', () => {
    const clock = new ManualClock();
    const written: RefusalEntry[] = [];
    const tally = new RefusalTally(clock, (e) => written.push(e));
    for (let i = 0; i < 412; i++) tally.add({ ref: `r${i}`, reason: 'bad-signature', route: 'status', from: '127.0.0.1' });
    tally.add({ ref: 'x', reason: 'no-token', route: 'stream', from: '10.0.0.7' });
    expect(written.map((e) => e.action)).toEqual(['call.refused', 'call.refused']);
    clock.advance(59_999);
    expect(written).toHaveLength(2);
    clock.advance(1);
    // The stream door saw one refusal, already written: no summary for it.
    expect(written.slice(2).map((e) => e.detail.message)).toEqual([
      '412 unauthenticated requests to status callbacks from 127.0.0.1 in the last minute.',
    ]);
    tally.add({ ref: 'y', reason: 'bad-signature', route: 'status', from: '127.0.0.1' });
    expect(written.at(-1)).toMatchObject({ action: 'call.refused', detail: { ref: 'y' } });
  });

  it('counts past 64 addresses under one name, so a spread of sources cannot grow the log either', () => {
    const clock = new ManualClock();
    const written: RefusalEntry[] = [];
    const tally = new RefusalTally(clock, (e) => written.push(e));
    for (let i = 0; i < 1000; i++) tally.add({ ref: 'r', reason: 'unknown-ref', route: 'status', from: `10.0.${i >> 8}.${i & 255}` });
    expect(written.length).toBe(65);
    clock.advance(60_000);
    expect(written.at(-1)?.detail.message).toBe(
      '936 unauthenticated requests to status callbacks from other addresses in the last minute.',
    );
  });
});
