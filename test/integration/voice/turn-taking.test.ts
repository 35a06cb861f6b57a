/**
 * An agent's own turn-taking on Deepgram Flux: its end-of-turn and early-reply confidences reach
 * the Flux socket, "off" prepares nothing early, and bad values are refused in one sentence.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { agentDone, startVoiceRig, type VoiceRig } from '../../helpers/voice-rig';

describe('an agent’s turn-taking', () => {
  let rig: VoiceRig | null = null;
  afterEach(async () => {
    await rig?.close();
    rig = null;
  });

  it('opens Flux with the agent’s end-of-turn confidence and, with early replies off, prepares nothing before the turn ends', async () => {
    rig = await startVoiceRig({ recogniser: 'by-language' });
    const r = rig;
    const agent = r.core.agents.update(r.ws, 'Ava', { eotThreshold: 0.85, eagerEotThreshold: null }, 'console');
    expect(agent).toMatchObject({ eotThreshold: 0.85, eagerEotThreshold: null });
    r.anthropic.state.stream.replies.push({
      text: 'Lovely, see you on Tuesday. Goodbye!',
      endCall: { outcome: 'interested', reason: 'Booked Tuesday.' },
    });
    r.deepgram.queueTranscripts('Tuesday at ten works for me.');
    const { placed, media } = await r.dialAndAnswer();
    await agentDone(media, 0);
    await media.speak('Tuesday at ten works for me.', 700);
    const end = await placed.done;

    expect(end).toMatchObject({ outcome: 'interested', answered: true });
    const params = Object.fromEntries(r.deepgram.flux.connections[0]?.params ?? []);
    expect(params.eot_threshold).toBe('0.85');
    expect(params).not.toHaveProperty('eager_eot_threshold');
    expect(r.deepgram.flux.connections[0]?.sent.some((m) => m.event === 'EagerEndOfTurn')).toBe(false);
    expect(end.session?.speculation.started).toBe(0);
  });

  it('keeps Deepgram’s defaults for a new agent and refuses confidences out of range or an early reply surer than the answer', async () => {
    rig = await startVoiceRig();
    const r = rig;
    expect(r.agent).toMatchObject({ eotThreshold: 0.7, eagerEotThreshold: 0.5 });
    expect(() => r.core.agents.update(r.ws, 'Ava', { eotThreshold: 0.4 }, 'console')).toThrow(
      'The end-of-turn confidence is from 0.5 to 1.',
    );
    expect(() => r.core.agents.update(r.ws, 'Ava', { eagerEotThreshold: 0.95 }, 'console')).toThrow(
      'The early-reply confidence is from 0.3 to 0.9, or off.',
    );
    expect(() => r.core.agents.update(r.ws, 'Ava', { eotThreshold: 0.6, eagerEotThreshold: 0.8 }, 'console')).toThrow(
      'The early-reply confidence cannot exceed the end-of-turn confidence.',
    );
    expect(r.core.agents.get(r.ws, 'Ava')).toMatchObject({ eotThreshold: 0.7, eagerEotThreshold: 0.5 });
  });
});
