import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CheckLine } from '../../../electron/core/providers/types';
import { twilioRoutes, type TwilioState } from '../../sim/twilio';
import { makeSimCore, type OnboardingSims, startOnboardingSims, type TestCore } from '../../helpers/voice';

describe('a stored key’s check reports each line as it finishes', () => {
  let sims: OnboardingSims;
  let core: TestCore;
  let ws: string;
  beforeAll(async () => {
    sims = await startOnboardingSims();
  });
  afterAll(() => sims.close());
  beforeEach(async () => {
    core = await makeSimCore(sims);
    ws = core.workspaces.create({ name: 'Acme' }, 'console').id;
  });
  afterEach(() => core.dispose());

  it('hears the Twilio account lines while the number lookup is still under way, then the number line, all in order before the result', async () => {
    // The number lookup waits for the test to let it go: the account answers first.
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const numbers = twilioRoutes.find((r) => r.path.endsWith('/IncomingPhoneNumbers.json'));
    if (!numbers) throw new Error('the simulator has no number route');
    sims.twilio.addRoute({
      ...numbers,
      handle: async (req, s: TwilioState) => {
        await gate;
        return numbers.handle(req, s);
      },
    });

    const key = core.credentials.add({ workspaceId: ws, provider: 'twilio', fields: sims.twilio.fields }, 'console');
    const heard: CheckLine[] = [];
    let firstLine: () => void = () => undefined;
    const first = new Promise<void>((r) => (firstLine = r));
    let finished = false;
    const running = core.checks
      .test(key.id, 'console', (l) => {
        heard.push(l);
        firstLine();
      })
      .then((r) => {
        finished = true;
        return r;
      });

    await first;
    expect(finished).toBe(false);
    expect(heard.map((l) => l.label)).toEqual(['Account', 'Account type']);

    release();
    const result = await running;
    expect(heard).toEqual(result.lines);
    expect(heard.map((l) => l.label)).toEqual(['Account', 'Account type', 'Phone number']);
    expect(result.status).toBe('valid');
  });

  it('hears the lines of a provider that answers in one round trip, before the result', async () => {
    const key = core.credentials.add({ workspaceId: ws, provider: 'resend', fields: sims.byId.resend.fields }, 'console');
    const heard: string[] = [];
    const result = await core.checks.test(key.id, 'console', (l) => heard.push(l.label));
    expect(heard).toEqual(result.lines.map((l) => l.label));
    expect(heard.length).toBeGreaterThan(0);
  });
});
