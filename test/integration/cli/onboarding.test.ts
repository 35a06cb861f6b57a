import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryKeyStore, tempDir } from '../../helpers/core';
import { type OnboardingSims, startOnboardingSims } from '../../helpers/voice';
import { cliLines } from '../../helpers/cli';

describe('switchboard key set --offline, onboarding, call and usage', () => {
  let sims: OnboardingSims;
  let dir: string;
  let cleanup: () => void;
  const keyStore = memoryKeyStore();
  beforeAll(async () => {
    sims = await startOnboardingSims();
    ({ dir, cleanup } = tempDir());
  });
  afterAll(async () => {
    cleanup();
    await sims.close();
  });

  /** Runs the CLI in this process against the simulators, with an in-memory keychain. */
  const cli = cliLines(() => ({ env: { SWITCHBOARD_DATA_DIR: dir, ...sims.env }, keyStore }));
  const setKey = (provider: keyof OnboardingSims['byId'], extra: string[] = []) =>
    cli(['key', 'set', 'Acme', provider, ...extra], JSON.stringify(sims.byId[provider].fields));

  it('stores a key with --offline unverified, without calling the provider', async () => {
    expect((await cli(['workspace', 'create', 'Acme'])).code).toBe(0);
    sims.byId.deepgram.clearRequests();
    const r = await setKey('deepgram', ['--offline', '--nickname', 'Laptop']);
    expect(r).toMatchObject({ code: 0, out: 'Stored Deepgram key “Laptop” for Acme, unverified (offline).' });
    expect(sims.byId.deepgram.requests).toHaveLength(0);
    const keys = JSON.parse((await cli(['key', 'list', 'Acme', '--json'])).out) as {
      provider: string;
      status: string;
      lastTestedAt: string | null;
    }[];
    expect(keys).toEqual([expect.objectContaining({ provider: 'deepgram', status: 'unverified', lastTestedAt: null })]);
    expect(r.out + JSON.stringify(keys)).not.toContain(sims.byId.deepgram.secrets[0]);
  });

  it('prints the checklist with icon and word for each state, and what to do', async () => {
    await setKey('anthropic');
    const r = await cli(['onboarding', 'Acme']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Acme · BYOK (own keys) · onboarding pending');
    expect(r.out).toMatch(/● Validated\s+LLM\s+Anthropic \(own key\)\s+Nothing to do: uses Acme's Anthropic key/);
    expect(r.out).toMatch(
      /○ Unverified\s+Speech-to-text\s+Deepgram \(own key\)\s+Test Acme's Deepgram key “Laptop”: it has not been verified yet\./,
    );
    expect(r.out).toMatch(/missing\s+Phone carrier\s+Twilio or Exotel\s+Add a Twilio or Exotel key to Acme and test it\./);
    const json = JSON.parse((await cli(['onboarding', 'Acme', '--json'])).out) as { canComplete: boolean; blockers: string[] };
    expect(json.canComplete).toBe(false);
    expect(json.blockers).toHaveLength(3);
  });

  it('exits 1 with the first unmet line when --complete is refused, and 0 once every voice key is validated', async () => {
    const prompt = join(dir, 'prompt.txt');
    writeFileSync(prompt, 'You remind patients of their check-up.\n');
    expect((await cli(['agent', 'create', 'Acme', '--name', 'Ava', '--prompt-file', prompt])).code).toBe(0);
    // The runner comes up behind the public URL, and the call is refused before anything is dialled.
    const locked = await cli(['call', 'Acme', '+14155550100', '--agent', 'Ava', '--public-url', 'https://voice.example.com']);
    expect(locked.code).toBe(1);
    expect(locked.err).toMatch(/^switchboard: Acme has not completed onboarding, so the dialer stays locked/);
    const refused = await cli(['onboarding', 'Acme', '--complete']);
    expect(refused.code).toBe(1);
    expect(refused.err).toBe(
      'switchboard: Acme cannot complete onboarding yet: Text-to-speech (Cartesia) is missing. Add a Cartesia key to Acme and test it.',
    );
    const refusedJson = await cli(['onboarding', 'Acme', '--complete', '--json']);
    expect(refusedJson.code).toBe(1);
    expect(JSON.parse(refusedJson.out)).toMatchObject({ ok: false, error: { code: 'ONBOARDING_INCOMPLETE' } });

    for (const p of ['cartesia', 'twilio'] as const) expect((await setKey(p)).code).toBe(0);
    expect((await cli(['key', 'test', 'Acme', 'deepgram'])).code).toBe(0);
    const done = await cli(['onboarding', 'Acme', '--complete']);
    expect(done.code).toBe(0);
    expect(done.out).toContain('Onboarding of Acme is complete: the dialer and the workflow runner are unlocked.');
    expect(done.out).toContain('onboarding complete since');
    expect(sims.calls).toEqual([]);
  });

  it('prints usage and the billing CSV, and refuses a malformed month with exit 2', async () => {
    const summary = JSON.parse((await cli(['usage', 'Acme', '--json'])).out) as { connected: number; totalProviders: number };
    expect(summary).toMatchObject({ connected: 4, totalProviders: 16 });
    expect((await cli(['usage'])).out).toMatch(
      /^All workspaces · \d{4}-\d{2}\nConnected 4\/16 · API calls 0 · estimated monthly cost \$1\.15/,
    );
    const csv = await cli(['usage', 'Acme', '--csv', '--month', '2026-03']);
    expect(csv).toMatchObject({
      code: 0,
      out: 'month,workspace_id,workspace,provider,key_owner,requests,messages,minutes,characters,tokens,estimated_cost_usd',
    });
    const bad = await cli(['usage', '--month', '2026-13']);
    expect(bad).toMatchObject({ code: 2, err: 'switchboard: A month is written YYYY-MM, e.g. 2026-03.' });
  });

  it('sets and clears a spend alert, and answers a malformed one with one sentence and nothing changed', async () => {
    const set = JSON.parse((await cli(['usage', 'Acme', '--alert', 'twilio=25.50', '--json'])).out) as {
      byProvider: { provider: string; alertUsd: number | null }[];
    };
    expect(set.byProvider.find((p) => p.provider === 'twilio')?.alertUsd).toBe(25.5);
    for (const [args, err] of [
      [
        ['usage', 'Acme', '--alert', 'twilio=lots'],
        'switchboard: Give the alert as provider=amount in US dollars (twilio=50) or provider=off.',
      ],
      [['usage', 'Acme', '--alert', 'fax=10'], 'switchboard: That is not a provider id; `switchboard providers` lists them.'],
      [
        ['usage', '--alert', 'twilio=10'],
        'switchboard: A spend alert belongs to a workspace: name it, e.g. switchboard usage "Acme Dental" --alert twilio=50.',
      ],
      [
        ['usage', 'Acme', '--alert', 'twilio=0'],
        'switchboard: A spend alert is an amount in US dollars above zero; use provider=off to clear it.',
      ],
    ] as const) {
      expect(await cli([...args])).toMatchObject({ code: 2, err });
    }
    const kept = JSON.parse((await cli(['usage', 'Acme', '--json'])).out) as typeof set;
    expect(kept.byProvider.find((p) => p.provider === 'twilio')?.alertUsd).toBe(25.5);
    const cleared = JSON.parse((await cli(['usage', 'Acme', '--alert', 'twilio=off', '--json'])).out) as typeof set;
    expect(cleared.byProvider.find((p) => p.provider === 'twilio')?.alertUsd).toBeNull();
  });
});
