/**
 * Talk channels: the console's microphone and speakers as an agent's caller, through
 * core.voice.talks; the agent's side goes back to the window as `event:talk`.
 */
import { TALK_SAMPLE_RATE } from '../../../shared/talk';
import type { HandlerContext, ServiceMap } from './handler';

type TalkChannel = 'talk:start' | 'talk:audio' | 'talk:played' | 'talk:end';

/** Talk handlers; forwards what the console's calls push to the window as `event:talk`. */
export function talkHandlers({ core, actor, emit }: HandlerContext): ServiceMap<TalkChannel> {
  const talks = core.voice.talks;
  talks.onPush((push) => emit('event:talk', push));
  return {
    'talk:start': async ({ workspaceId, agentId }) => {
      const started = await talks.start({ workspaceId, agentId, actor });
      return { callId: started.callId, sampleRate: TALK_SAMPLE_RATE };
    },
    'talk:audio': ({ callId, audio }) => {
      talks.hear(callId, audio);
      return { heard: true as const };
    },
    'talk:played': ({ callId, mark }) => {
      talks.heard(callId, mark);
      return { played: true as const };
    },
    'talk:end': async ({ callId }) => {
      await talks.end(callId, actor);
      return { ended: true as const };
    },
  };
}
