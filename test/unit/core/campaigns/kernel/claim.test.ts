import { describe, expect, it } from 'vitest';
import { claimDue, type Queue } from '../../../../../electron/core/campaigns/kernel/claim';
import { Gate } from '../../../../../electron/core/campaigns/kernel/gate';

interface Row {
  readonly id: number;
  readonly recipient: string;
  readonly zone: string;
}

/** An in-memory queue of due rows that records what the claim did to each. */
function queueOf(rows: Row[]): Queue<Row> & { readonly skipped: Map<number, string>; readonly deferred: Map<number, number> } {
  const skipped = new Map<number, string>();
  const deferred = new Map<number, number>();
  return {
    skipped,
    deferred,
    due: (_now, limit) => rows.filter((r) => !skipped.has(r.id) && !deferred.has(r.id)).slice(0, limit),
    skip: (id, reason) => skipped.set(id, reason),
    defer: (id, at) => deferred.set(id, at),
  };
}

// 2026-06-01 15:00 UTC: 11:00 in New York, 04:00 in Tokyo the next day.
const NOW = Date.parse('2026-06-01T15:00:00Z');
const DAY = { start: 9 * 60, end: 20 * 60 };

describe('claiming due rows through the gate', () => {
  it('skips a recipient on a do-not-contact list, defers one outside their window, and takes the rest', () => {
    const queue = queueOf([
      { id: 1, recipient: '+14155550001', zone: 'America/New_York' },
      { id: 2, recipient: '+14155550002', zone: 'America/New_York' },
      { id: 3, recipient: '+81355550003', zone: 'Asia/Tokyo' },
      { id: 4, recipient: '+14155550004', zone: 'America/New_York' },
    ]);
    const gate = new Gate(DAY, (address) => (address.endsWith('0002') ? 'on the client’s do-not-contact list' : null));
    expect(claimDue(queue, gate, NOW, 5).map((r) => r.id)).toEqual([1, 4]);
    expect(queue.skipped.get(2)).toBe('on the client’s do-not-contact list');
    expect(queue.deferred.get(3)).toBeGreaterThan(NOW);
  });

  it('takes one row at a time when asked for one, reading further batches past rows it could not take', () => {
    const queue = queueOf([
      { id: 1, recipient: '+81355550001', zone: 'Asia/Tokyo' },
      { id: 2, recipient: '+14155550002', zone: 'America/New_York' },
      { id: 3, recipient: '+14155550003', zone: 'America/New_York' },
    ]);
    expect(claimDue(queue, new Gate(DAY, () => null), NOW, 1, 1).map((r) => r.id)).toEqual([2]);
  });

  it('says when every recipient of a batch may be contacted again, or why one may not', () => {
    const gate = new Gate(DAY, (address) => (address.endsWith('9') ? 'opted out' : null));
    expect(gate.checkAll([{ recipient: '+14155550001', zone: 'America/New_York' }], NOW)).toEqual({ at: NOW });
    const both = [
      { recipient: '+14155550001', zone: 'America/New_York' },
      { recipient: '+81355550002', zone: 'Asia/Tokyo' },
    ];
    expect(gate.checkAll(both, NOW)).toEqual({ at: gate.openingAt('Asia/Tokyo', NOW) });
    expect(gate.checkAll([{ recipient: '+14155550009', zone: 'America/New_York' }], NOW)).toEqual({ excluded: 'opted out' });
  });
});
