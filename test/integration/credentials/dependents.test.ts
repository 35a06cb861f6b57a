import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { resolveCallKeys } from '../../../electron/core/voice/call/keys';
import { addChecked, addVoiceKeys, makeSimCore, type OnboardingSims, startOnboardingSims, type TestCore } from '../../helpers/voice';

describe('what depends on a key, for voice agents', () => {
  let sims: OnboardingSims;
  let core: TestCore;
  beforeAll(async () => {
    sims = await startOnboardingSims();
  });
  afterAll(() => sims.close());
  beforeEach(async () => {
    core = await makeSimCore(sims);
  });
  afterEach(() => core.dispose());

  it('names an agent under exactly the keys its calls resolve: the client’s own, and the agency’s it falls back to', async () => {
    const agency = core.workspaces.agency().id;
    const theirs = await addVoiceKeys(core, sims, agency);
    const client = core.workspaces.create({ name: 'Acme', defaultCountry: 'US' }, 'console').id;
    // Its own carrier and speech-to-text; Claude and Cartesia come from the agency.
    const ownTwilio = (await addChecked(core, sims, client, 'twilio')).key;
    const ownDeepgram = (await addChecked(core, sims, client, 'deepgram')).key;
    const agent = core.agents.create(client, { name: 'Ava', systemPrompt: 'You call leads about dental check-ups.' }, 'console');

    const call = resolveCallKeys(core, client);
    const used = new Set([call.carrier.credentialId, call.stt.credentialId, call.llm.credentialId, call.tts.credentialId]);
    expect(used).toEqual(new Set([ownTwilio.id, ownDeepgram.id, theirs.anthropic.id, theirs.cartesia.id]));
    for (const key of [...Object.values(theirs), ownTwilio, ownDeepgram]) {
      const deps = core.rotation.dependents(key.id);
      expect(
        deps.agents.some((a) => a.id === agent.id),
        `${key.provider} of ${key.workspaceId === agency ? 'the agency' : 'Acme'}`,
      ).toBe(used.has(key.id));
    }
    expect(core.rotation.dependents(theirs.anthropic.id).workspaces.find((w) => w.workspaceId === client)).toMatchObject({
      via: 'fallback',
      capabilities: ['llm'],
    });
  });
});
