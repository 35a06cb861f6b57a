import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SenderLeases } from '../../../../../electron/core/campaigns/messaging/sender-lease';
import { makeCore } from '../../../../helpers/core';
import type { TestCore } from '../../../../helpers/messaging';

describe('sender leases', () => {
  let core: TestCore;
  beforeEach(async () => {
    core = await makeCore();
  });
  afterEach(() => core.dispose());

  it('lets one live process hold a number; its runs share it and it is free once the last one lets go', () => {
    const here = new SenderLeases(core.db);
    const there = new SenderLeases(core.db, process.ppid);
    expect(there.acquire('twilio:+14155550100')).toEqual({ ok: true });
    expect(here.acquire('twilio:+14155550100')).toEqual({ ok: false, holder: process.ppid });
    expect(there.acquire('twilio:+14155550100')).toEqual({ ok: true });
    there.release('twilio:+14155550100');
    expect(here.acquire('twilio:+14155550100')).toMatchObject({ ok: false });
    there.release('twilio:+14155550100');
    expect(here.acquire('twilio:+14155550100')).toEqual({ ok: true });
    // Another number is another limit.
    expect(there.acquire('twilio:+14155550101')).toEqual({ ok: true });
  });

  it('takes a number over from a process that is gone, or one that stopped renewing', () => {
    const gone = new SenderLeases(core.db, 2 ** 22 + 12345);
    expect(gone.acquire('resend:a@example.org')).toEqual({ ok: true });
    expect(new SenderLeases(core.db).acquire('resend:a@example.org')).toEqual({ ok: true });

    const quiet = new SenderLeases(core.db, process.ppid);
    expect(quiet.acquire('resend:b@example.org')).toEqual({ ok: true });
    core.db.prepare('UPDATE sender_leases SET heartbeat = heartbeat - 60000 WHERE sender_key = ?').run('resend:b@example.org');
    expect(new SenderLeases(core.db).acquire('resend:b@example.org')).toEqual({ ok: true });
  });
});
