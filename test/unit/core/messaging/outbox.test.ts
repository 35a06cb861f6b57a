import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeCore } from '../../../helpers/core';
import { ALL_DAY, csv, smsCsv, type TestCore, usNumbers } from '../../../helpers/messaging';

describe('the outbox', () => {
  let core: TestCore;
  let id: string;
  let ids: number[];
  beforeEach(async () => {
    core = await makeCore();
    const ws = core.workspaces.create({ name: 'Acme', defaultCountry: 'US' }, 'console').id;
    id = (
      await core.campaigns.create(
        { workspaceId: ws, channel: 'sms', contacts: csv(smsCsv(usNumbers(4, 0))), template: 'Hi', window: ALL_DAY },
        'console',
      )
    ).campaign.id;
    ids = core.campaigns.outbox.page(id).map((r) => r.id);
  });
  afterEach(() => core.dispose());

  const states = () => core.campaigns.outbox.page(id).map((r) => r.state);

  it('moves to in flight only rows still queued, and says which moved', () => {
    const outbox = core.campaigns.outbox;
    outbox.cancelQueued(id);
    const [first, second] = ids;
    expect([...outbox.markInFlight([first ?? 0, second ?? 0], { batchKey: null, sender: 'twilio:+1', at: 1 })]).toEqual([]);
    expect(states()).toEqual(['cancelled', 'cancelled', 'cancelled', 'cancelled']);
  });

  it('counts a lookup as an attempt only when asked to', () => {
    const outbox = core.campaigns.outbox;
    const [first = 0] = ids;
    outbox.markInFlight([first], { batchKey: null, sender: 'twilio:+1', at: 1 });
    outbox.retryLater([first], 2, 'no answer');
    outbox.retryLater([first], 3, 'no answer', { countAttempt: true });
    expect(outbox.page(id)[0]).toMatchObject({ state: 'sending', attempts: 2, not_before: 3, error: 'no answer' });
  });

  it('sends again only the failures that were never confirmed, as fresh messages', () => {
    const outbox = core.campaigns.outbox;
    const [a = 0, b = 0, c = 0] = ids;
    outbox.markInFlight([a, b, c], { batchKey: 'k', sender: 'twilio:+1', at: 1 });
    outbox.markFailed([a], 'in doubt: …', 'unconfirmed');
    outbox.markFailed([b], 'Twilio refused the message', 'refused');
    expect(outbox.unconfirmed(id)).toBe(1);

    expect(outbox.sendAgain(id, 50)).toBe(1);
    expect(outbox.page(id).slice(0, 2)).toMatchObject([
      { state: 'queued', attempts: 0, batch_key: null, sender: null, error: null, failure: null, not_before: 50 },
      { state: 'failed', failure: 'refused' },
    ]);
    expect(outbox.sendAgain(id, 60)).toBe(0);
  });

  it('fails the rows left in doubt except those a request still waits on', () => {
    const outbox = core.campaigns.outbox;
    const [a = 0, b = 0] = ids;
    outbox.markInFlight([a, b], { batchKey: null, sender: 'twilio:+1', at: 1 });
    expect(outbox.failInDoubt(id, new Set([b]), 'cancelled while in doubt')).toBe(1);
    expect(outbox.page(id).slice(0, 2)).toMatchObject([
      { state: 'failed', failure: 'unconfirmed', error: 'cancelled while in doubt' },
      { state: 'sending', failure: null },
    ]);
  });
});
