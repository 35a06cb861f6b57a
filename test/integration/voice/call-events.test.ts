/**
 * The call's record of what the agent did, and the agents' transfer targets, on a real SQLite file
 * and vault: each event's detail sealed (in no file as plaintext), bound to its call, place, kind and
 * name, cut to size, gone with its call; targets validated, audited, and gone with their agent.
 */
import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_DETAIL_CHARS } from '../../../electron/core/voice/calls/events';
import { makeCore } from '../../helpers/core';
import { filesUnder } from '../../helpers/leaks';

const CANARY = 'the caller’s order is 7Q4Z-heron';

describe('call events and transfer targets', () => {
  let core: Awaited<ReturnType<typeof makeCore>>;
  let ws: string;
  let callId: string;
  beforeEach(async () => {
    core = await makeCore({ now: () => new Date('2026-03-10T09:00:00.000Z') });
    ws = core.workspaces.create({ name: 'Acme' }, 'console').id;
    callId = core.calls.create(
      { workspaceId: ws, agentId: null, agentName: 'Ava', to: '+14155550100', from: '+14155550199', carrier: 'twilio' },
      'console',
    ).id;
  });
  afterEach(() => core.dispose());

  it('records events in order with their detail sealed, opens them in the call view, and deletes them with the call', () => {
    core.calls.recordEvent(callId, {
      kind: 'tool',
      name: 'order_status',
      ok: true,
      durationMs: 231.6,
      detail: { input: { order: CANARY }, answer: '{}' },
    });
    core.calls.recordEvent(callId, {
      kind: 'transfer',
      name: 'Sales desk',
      ok: false,
      durationMs: 30_000,
      detail: { mode: 'warm', result: 'no-answer' },
    });
    const view = core.calls.get(ws, callId);
    expect(view.events.map((e) => [e.seq, e.kind, e.name, e.ok, e.durationMs])).toEqual([
      [1, 'tool', 'order_status', true, 232],
      [2, 'transfer', 'Sales desk', false, 30_000],
    ]);
    expect(view.events[0]?.detail).toEqual({ input: { order: CANARY }, answer: '{}' });
    core.db.pragma('wal_checkpoint(TRUNCATE)');
    for (const file of filesUnder(core.dataDir)) expect(readFileSync(file).includes('7Q4Z-heron'), file).toBe(false);
    core.calls.delete(ws, callId, 'console');
    expect(core.db.prepare('SELECT count(*) AS n FROM call_events').get()).toEqual({ n: 0 });
  });

  it('refuses to open a detail moved to another event or relabelled, saying which event', () => {
    core.calls.recordEvent(callId, { kind: 'tool', name: 'a', ok: true, durationMs: 1, detail: { x: 1 } });
    core.calls.recordEvent(callId, { kind: 'tool', name: 'b', ok: true, durationMs: 1, detail: { x: 2 } });
    const raw = new Database(`${core.dataDir}/switchboard.db`);
    try {
      raw.prepare("UPDATE call_events SET name = 'a' WHERE seq = 2").run();
    } finally {
      raw.close();
    }
    expect(() => core.calls.get(ws, callId)).toThrowError(
      expect.objectContaining({ code: 'TAMPERED', message: 'Event 2 of this call’s record was altered on disk and cannot be opened.' }),
    );
  });

  it('cuts a detail that is too long, and refuses an unknown kind, a blank name or a call that does not exist', () => {
    core.calls.recordEvent(callId, { kind: 'tool', name: 'big', ok: true, durationMs: 1, detail: { answer: 'x'.repeat(50_000) } });
    const detail = core.calls.get(ws, callId).events[0]?.detail as { answer: string };
    expect(JSON.stringify(detail).length).toBeLessThanOrEqual(MAX_DETAIL_CHARS);
    expect(detail.answer).toBe(`${'x'.repeat(400)}…`);
    const bad =
      (e: Parameters<typeof core.calls.recordEvent>[1], id = callId) =>
      () =>
        core.calls.recordEvent(id, e);
    expect(bad({ kind: 'magic' as 'tool', name: 'x', ok: true, durationMs: 1, detail: {} })).toThrowError(
      /A call event is one of tool, transfer, sms, callback, keys/,
    );
    expect(bad({ kind: 'tool', name: '  ', ok: true, durationMs: 1, detail: {} })).toThrowError(/1 to 64 characters/);
    expect(bad({ kind: 'tool', name: 'x', ok: true, durationMs: -1, detail: {} })).toThrowError(/zero milliseconds or more/);
    expect(bad({ kind: 'tool', name: 'x', ok: true, durationMs: 1, detail: {} }, 'no-such-call')).toThrowError(/no call with that id/);
    expect(core.calls.get(ws, callId).events).toHaveLength(1);
  });

  it('keeps an agent’s transfer targets validated and audited, and deletes them with the agent', () => {
    const agent = core.agents.create(ws, { name: 'Ava', systemPrompt: 'You answer for Acme.' }, 'console');
    const add = (name: string, number: string) =>
      core.transferTargets.add(ws, 'Ava', { name, number, whenToUse: 'When asked.', mode: 'cold' }, 'console');
    expect(add('Sales desk', '+14155550123')).toMatchObject({ agentId: agent.id, name: 'Sales desk', mode: 'cold' });
    expect(() => add('sales desk', '+14155550124')).toThrowError(/already has a transfer target called sales desk/);
    expect(() => add('Support', '0041 55 555')).toThrowError(/country code/);
    expect(() =>
      core.transferTargets.add(ws, 'Ava', { name: 'X', number: '+14155550125', whenToUse: 'y'.repeat(501), mode: 'warm' }, 'console'),
    ).toThrowError(/longer than 500/);
    for (let i = 0; i < 9; i++) add(`Desk ${i}`, `+1415555013${i}`);
    expect(() => add('One too many', '+14155550199')).toThrowError(/at most 10 transfer targets/);
    expect(core.transferTargets.forCall(ws, agent.id)).toHaveLength(10);
    const audit = core.audit.list({ workspaceId: ws }).filter((e) => e.action === 'agent.transfer.add');
    expect(audit).toHaveLength(10);
    core.agents.delete(ws, 'Ava', 'console');
    expect(core.db.prepare('SELECT count(*) AS n FROM transfer_targets').get()).toEqual({ n: 0 });
  });
});
