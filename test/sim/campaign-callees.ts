/**
 * The callees of a voice campaign, played by the Twilio simulator: every call it accepts is
 * answered by the number's behaviour (a person, busy, no answer, an answering machine). A person
 * listens to the start of the agent's greeting and hangs up; a machine waits for the runner to hang
 * up (after leaving its message, or at once). The simulator counts dials per number and the calls
 * alive at once at the carrier, so a campaign's at-most-once and its ceiling are checked where the
 * calls really land — outside the process under test.
 */
import type { ProviderSim } from './server';
import type { TwilioState } from './twilio';
import { answerCall, completeCall, type CalleeBehaviour, type SimCall } from './twilio-calls';
import type { CarrierVoiceSim } from './carrier-voice';

/** What an answering machine heard from the runner before the hang-up. */
export interface MachineHeard {
  readonly to: string;
  /** Every frame of agent audio. */
  readonly agentFrames: number;
  /** When the machine's beep finished (null: it never beeped). */
  readonly beepEndedAt: number | null;
  /** Frames after the `clear` that followed the beep: the voicemail message, and when the first one arrived. */
  readonly messageFrames: number;
  readonly firstMessageAt: number | null;
}

/** How callees behave. */
export interface CalleeOptions {
  readonly behaviour: (to: string) => CalleeBehaviour;
  /** How long a person listens once the agent's audio starts, before hanging up (default 150 ms). */
  readonly listenMs?: number;
  /** Told when a person is listening (tests may speak to the agent instead of hanging up). */
  readonly onHuman?: (call: SimCall, media: CarrierVoiceSim) => Promise<void>;
}

/** Answers every call a Twilio simulator accepts; pass `onCall` to serveCalls. */
export class CampaignCallees {
  /** Dial requests per number. */
  readonly dialled = new Map<string, number>();
  /** Calls not yet in a final state, now and at most. */
  live = 0;
  peak = 0;
  /** Machine answers whose call was hung up by the runner, and what the runner sent them first. */
  readonly machines: MachineHeard[] = [];
  readonly errors: string[] = [];
  private readonly playing = new Set<Promise<void>>();

  constructor(
    private readonly sim: ProviderSim<TwilioState>,
    private readonly o: CalleeOptions,
  ) {}

  /** The hook for serveCalls. */
  readonly onCall = (call: SimCall): void => {
    this.dialled.set(call.to, (this.dialled.get(call.to) ?? 0) + 1);
    this.live += 1;
    this.peak = Math.max(this.peak, this.live);
    let over = false;
    // A call stops counting the moment it is over at the carrier (hung up, busy, unanswered), not when its last callback is delivered.
    const end = (): void => {
      if (over) return;
      over = true;
      this.live -= 1;
    };
    const p = this.play(call, end).finally(() => {
      end();
      this.playing.delete(p);
    });
    this.playing.add(p);
  };

  /** Numbers dialled more than once. */
  twice(): string[] {
    return [...this.dialled].filter(([, n]) => n > 1).map(([to]) => to);
  }

  /** Waits for every call being played to end. */
  async settle(): Promise<void> {
    while (this.playing.size > 0) await Promise.allSettled([...this.playing]);
  }

  private async play(call: SimCall, end: () => void): Promise<void> {
    const behaviour = this.o.behaviour(call.to);
    // Twilio answers the dial request before the phone rings.
    await new Promise((r) => setTimeout(r, 5));
    let media: CarrierVoiceSim | null = null;
    try {
      media = await answerCall(this.sim, call, { behaviour, media: { markEcho: 'immediate' } });
      if (!media) return end();
      const m = media;
      const began = Date.now();
      if (behaviour === 'machine') {
        await Promise.race([m.closed, waitFor(() => call.hungUp, 20_000)]);
        end();
        this.machines.push(heardBy(call, m));
      } else if (this.o.onHuman) await this.o.onHuman(call, m);
      else {
        await Promise.race([m.closed, waitFor(() => m.received.some((r) => r.kind === 'media'), 10_000)]);
        await new Promise((r) => setTimeout(r, this.o.listenMs ?? 150));
        end();
        m.stop();
      }
      end();
      await completeCall(this.sim, call, Math.max(1, Math.round((Date.now() - began) / 1000)));
    } catch (err) {
      // The runner's process died (a crash test) or refused the stream: the call ends at the carrier.
      this.errors.push(err instanceof Error ? err.message : String(err));
      media?.stop();
      if (!['completed', 'busy', 'no-answer', 'failed', 'canceled'].includes(call.state))
        call.state = call.state === 'in-progress' ? 'completed' : 'canceled';
    }
  }
}

function heardBy(call: SimCall, m: CarrierVoiceSim): MachineHeard {
  const agentFrames = m.received.filter((r) => r.kind === 'media').length;
  const beep = call.beepEndedAt;
  const clearAt = beep === null ? -1 : m.received.findIndex((r) => r.kind === 'clear' && r.at >= beep);
  const message = clearAt < 0 ? [] : m.received.slice(clearAt + 1).filter((r) => r.kind === 'media');
  return { to: call.to, agentFrames, beepEndedAt: beep, messageFrames: message.length, firstMessageAt: message[0]?.at ?? null };
}

async function waitFor(ready: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!ready() && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
}
