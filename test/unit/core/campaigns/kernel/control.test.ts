import { afterEach, describe, expect, it } from 'vitest';
import { CAMPAIGN_MOVES, CAMPAIGN_STATES } from '../../../../../shared/campaigns';
import { AppError } from '../../../../../shared/errors';
import { RunControl } from '../../../../../electron/core/campaigns/kernel/control';
import { ManualClock } from '../../../../../electron/core/voice/clock';
import { makeCore } from '../../../../helpers/core';
import { ALL_DAY, csv, smsCsv, usNumbers } from '../../../../helpers/messaging';

type TestCore = Awaited<ReturnType<typeof makeCore>>;

/** A real messaging campaign, ready, and a control over it on a clock moved by hand. */
async function readyCampaign(core: TestCore): Promise<{ id: string; ws: string; control: RunControl; clock: ManualClock }> {
  const ws = core.workspaces.create({ name: 'Acme', defaultCountry: 'US' }, 'console').id;
  const contacts = csv(smsCsv(usNumbers(1, 0)));
  const made = await core.campaigns.create({ workspaceId: ws, channel: 'sms', contacts, template: 'Hi', window: ALL_DAY }, 'console');
  const id = made.campaign.id;
  const clock = new ManualClock();
  return { id, ws, clock, control: new RunControl({ rows: core.campaigns.repo, audit: core.audit, clock }, id, 'console') };
}

describe('the campaign state machine', () => {
  it('moves only between states the list knows, and never out of cancelled except to refill a workflow outbox', () => {
    for (const [name, move] of Object.entries(CAMPAIGN_MOVES)) {
      expect(CAMPAIGN_STATES).toContain(move.to);
      for (const from of move.from) expect(CAMPAIGN_STATES).toContain(from);
      if (name !== 'refill') expect(move.from).not.toContain('cancelled');
    }
  });
});

describe('a run under the kernel', () => {
  let core: TestCore | null = null;
  afterEach(() => {
    core?.dispose();
    core = null;
  });

  it('holds the lease while its body runs, marks the campaign running, and gives the lease back after', async () => {
    core = await makeCore();
    const { id, control } = await readyCampaign(core);
    const repo = core.campaigns.repo;
    let during: { state: string; runner_pid: number | null } | null = null;
    await control.run(repo.get(id), {
      refusals: [],
      prepare: () => undefined,
      body: async () => {
        during = repo.get(id);
      },
      emit: () => undefined,
    });
    expect(during).toMatchObject({ state: 'running', runner_pid: process.pid });
    expect(repo.get(id)).toMatchObject({ state: 'running', runner_pid: null, runner_heartbeat: null });
    expect(core.audit.list({ workspaceId: repo.get(id).workspace_id }).some((e) => e.action === 'campaign.start')).toBe(true);
  });

  it('pauses with the refusal’s sentence when preparing is refused, and runs no body', async () => {
    core = await makeCore();
    const { id, control } = await readyCampaign(core);
    let ran = false;
    await control.run(core.campaigns.repo.get(id), {
      refusals: ['NO_CREDENTIAL'],
      prepare: () => {
        throw new AppError('NO_CREDENTIAL', 'No key may pay for SMS.');
      },
      body: async () => {
        ran = true;
      },
      emit: () => undefined,
    });
    expect(ran).toBe(false);
    expect(core.campaigns.repo.get(id)).toMatchObject({ state: 'paused', pause_reason: 'No key may pay for SMS.' });
  });

  it('sees a pause made elsewhere within a poll, on its own clock', async () => {
    core = await makeCore();
    const { id, control, clock } = await readyCampaign(core);
    const repo = core.campaigns.repo;
    expect(repo.setState(id, 'running', ['ready'])).toBe(true);
    expect(control.stopped()).toBe(false);
    repo.setState(id, 'paused', ['running']);
    expect(control.stopped()).toBe(false);
    clock.advance(100);
    expect(control.stopped()).toBe(true);
  });

  it('keeps the lease fresh on its clock, and stops beating once the run is over', async () => {
    core = await makeCore();
    const { id, control, clock } = await readyCampaign(core);
    let beats = 0;
    let release: () => void = () => undefined;
    const running = control.run(core.campaigns.repo.get(id), {
      refusals: [],
      prepare: () => undefined,
      beat: () => {
        beats += 1;
      },
      body: () => new Promise<void>((resolve) => (release = resolve)),
      emit: () => undefined,
    });
    clock.advance(6_000);
    expect(beats).toBe(4);
    release();
    await running;
    expect(clock.pending()).toBe(0);
  });

  it('wakes its sleep when work in flight ends', async () => {
    core = await makeCore();
    const { control, clock } = await readyCampaign(core);
    let finish: () => void = () => undefined;
    control.track(
      [7],
      () => new Promise<void>((resolve) => (finish = resolve)),
      () => undefined,
    );
    expect(control.held.has(7)).toBe(true);
    const slept = control.sleep(60_000);
    finish();
    await slept;
    expect(control.held.has(7)).toBe(false);
    expect(clock.pending()).toBe(0);
  });
});
