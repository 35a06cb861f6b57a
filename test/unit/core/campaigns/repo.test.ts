import { describe, expect, it } from 'vitest';
import { makeCore } from '../../../helpers/core';
import { ALL_DAY, csv, smsCsv, usNumbers } from '../../../helpers/messaging';

describe('completing a campaign', () => {
  it('does not complete while a message is still queued, and does once none is', async () => {
    const core = await makeCore();
    try {
      const ws = core.workspaces.create({ name: 'Acme', defaultCountry: 'US' }, 'console').id;
      const id = (
        await core.campaigns.create(
          { workspaceId: ws, channel: 'sms', contacts: csv(smsCsv(usNumbers(1, 0))), template: 'Hi', window: ALL_DAY },
          'console',
        )
      ).campaign.id;
      const repo = core.campaigns.repo;
      expect(repo.setState(id, 'running', ['ready'])).toBe(true);
      expect(repo.completeIfDrained(id)).toBe(false);
      core.campaigns.outbox.cancelQueued(id);
      expect(repo.completeIfDrained(id)).toBe(true);
      expect(repo.get(id)).toMatchObject({ state: 'completed', pause_reason: null });
    } finally {
      core.dispose();
    }
  });
});
