/**
 * Talk: one call between the console and an agent at a time. The store opens the microphone, starts
 * the call, sends each captured frame, plays what `event:talk` brings (audio, marks, clears) and
 * keeps each reply's timing; the transcript and the end come through `event:call` like any call's.
 */
import { create } from 'zustand';
import type { TalkPush, TalkTurn } from '../../../shared/talk';
import { call, subscribe, type ErrorInfo } from '../lib/api';
import { microphoneSentence, TalkAudio } from '../lib/talk-audio';
import { registerStore } from './devtools';

/** Where a console call is. */
export type TalkStatus = 'opening-mic' | 'starting' | 'live' | 'ending' | 'ended' | 'failed';

/** The console call shown in the Talk panel. */
export interface TalkSession {
  readonly workspaceId: string;
  readonly agentId: string;
  readonly callId: string | null;
  readonly status: TalkStatus;
  readonly error: ErrorInfo | null;
  readonly turns: readonly TalkTurn[];
  /** Frames of the agent's audio played on the speakers (updated every tenth frame: the panel need not redraw 50 times a second). */
  readonly framesHeard: number;
  /** Frames of the microphone sent (updated with the level, five times a second). */
  readonly framesSent: number;
  /** The microphone's level, 0–1. */
  readonly level: number;
  /** Whether the browser applied echo cancellation to the microphone (null before it opened). */
  readonly echoCancellation: boolean | null;
}

interface TalkState {
  readonly session: TalkSession | null;
  /** Opens the microphone and starts a call with the agent. */
  start(workspaceId: string, agentId: string): Promise<void>;
  /** Hangs up (the agent hears the caller hang up). */
  end(): Promise<void>;
  /** Closes the panel: a live call is hung up first. */
  close(): void;
}

let audio: TalkAudio | null = null;

/** The talk store. */
export const useTalk = create<TalkState>()((set, get) => {
  const patch = (change: Partial<TalkSession>): void => {
    const session = get().session;
    if (session) set({ session: { ...session, ...change } });
  };
  const release = (): void => {
    audio?.close();
    audio = null;
  };
  return {
    session: null,
    async start(workspaceId, agentId) {
      followTalk();
      release();
      const fresh: TalkSession = {
        workspaceId,
        agentId,
        callId: null,
        status: 'opening-mic',
        error: null,
        turns: [],
        framesHeard: 0,
        framesSent: 0,
        level: 0,
        echoCancellation: null,
      };
      set({ session: fresh });
      let opened: TalkAudio;
      let sent = 0;
      try {
        opened = await TalkAudio.open({
          frame: (base64) => {
            const callId = get().session?.callId;
            if (!callId || get().session?.status !== 'live') return;
            sent += 1;
            void call('talk:audio', { callId, audio: base64 });
          },
          level: (level) => patch({ level, framesSent: sent }),
        });
      } catch (err) {
        patch({ status: 'failed', error: { code: 'INVALID_INPUT', message: microphoneSentence(err) } });
        return;
      }
      // The panel was closed (or another call started) while the microphone opened.
      if (get().session?.agentId !== agentId || get().session?.status !== 'opening-mic') return opened.close();
      audio = opened;
      patch({ status: 'starting', echoCancellation: opened.echoCancellation });
      const res = await call('talk:start', { workspaceId, agentId });
      // The panel was closed while the call started: nobody is listening, so it is hung up at once.
      if (get().session?.agentId !== agentId || get().session?.status !== 'starting') {
        if (res.ok) void call('talk:end', { callId: res.value.callId });
        return;
      }
      if (!res.ok) {
        release();
        patch({ status: 'failed', error: res.error });
        return;
      }
      patch({ callId: res.value.callId, status: 'live' });
    },
    async end() {
      const session = get().session;
      if (!session?.callId || session.status !== 'live') return;
      patch({ status: 'ending' });
      const res = await call('talk:end', { callId: session.callId });
      // A call the agent had just ended is no longer live: it ended all the same.
      if (!res.ok && res.error.code !== 'NOT_FOUND') patch({ status: 'live', error: res.error });
    },
    close() {
      const session = get().session;
      if (session?.callId && (session.status === 'live' || session.status === 'ending')) void call('talk:end', { callId: session.callId });
      release();
      set({ session: null });
    },
  };
});

/** One push for the call shown: audio to the speakers, marks back once played, a clear, a reply's timing. */
function take(push: TalkPush): void {
  const { session } = useTalk.getState();
  if (!session || push.callId !== session.callId || !audio) return;
  const callId = session.callId;
  if (push.kind === 'audio') {
    audio.play(push.audio);
    if (audio.played % 10 === 0) useTalk.setState({ session: { ...session, framesHeard: audio.played } });
  } else if (push.kind === 'mark') audio.mark(push.name, () => void call('talk:played', { callId, mark: push.name }));
  else if (push.kind === 'clear') audio.clear();
  else useTalk.setState({ session: { ...session, turns: [...session.turns, push.timing] } });
}

let following = false;

/** Follows the pushes of console calls from the first call on, for as long as the window lives. */
function followTalk(): void {
  if (following) return;
  following = true;
  subscribe('event:talk', take);
  // The call's end comes as any call's does: the microphone is released at once.
  subscribe('event:call', (event) => {
    const { session } = useTalk.getState();
    if (event.type !== 'ended' || !session || event.callId !== session.callId) return;
    audio?.close();
    audio = null;
    useTalk.setState({ session: { ...session, status: 'ended' } });
  });
}

registerStore('talk', useTalk);
