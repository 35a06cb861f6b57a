/**
 * The one IPC contract: every channel's name (`domain:verb`) with zod schemas for its input and
 * output. Preload, main and the renderer's API type are all derived from this object.
 */
import type { z } from 'zod';
import type { Result } from '../errors';
import { agentExtrasChannels } from './agent-extras-channels';
import { callsChannels } from './calls-channels';
import { campaignsChannels } from './campaigns-channels';
import { coreChannels } from './core-channels';
import { CHANNEL_NAMES, EVENT_NAMES } from './names';
import { offlineChannels } from './offline-channels';
import { onboardingChannels } from './onboarding-channels';
import { rotationChannels } from './rotation-channels';
import { scenariosChannels } from './scenarios-channels';
import { voiceCampaignsChannels } from './voice-campaigns-channels';
import { voiceChannels } from './voice-channels';
import { numbersChannels } from './numbers-channels';
import { talkChannels } from './talk-channels';

/** Every channel. Each domain adds its channels here by spreading its own object. */
export const contract = {
  ...coreChannels,
  ...onboardingChannels,
  ...campaignsChannels,
  ...voiceChannels,
  ...numbersChannels,
  ...callsChannels,
  ...rotationChannels,
  ...offlineChannels,
  ...voiceCampaignsChannels,
  ...scenariosChannels,
  ...agentExtrasChannels,
  ...talkChannels,
} as const;

/** A channel name. */
export type Channel = keyof typeof contract;
/** The input a channel accepts (before parsing). */
export type Input<C extends Channel> = z.input<(typeof contract)[C]['input']>;
/** The value a channel returns on success. */
export type Output<C extends Channel> = z.output<(typeof contract)[C]['output']>;

/** Every channel name, for the preload bridge. */
export const CHANNELS: readonly Channel[] = CHANNEL_NAMES;

// Compile-time proof that names.ts lists exactly the contract's channels.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const namesMatchContract: Same<Channel, (typeof CHANNEL_NAMES)[number]> = true;
void namesMatchContract;

type DomainOf<C extends string> = C extends `${infer D}:${string}` ? D : never;
type VerbOf<C extends string, D extends string> = C extends `${D}:${infer V}` ? V : never;

/** The API on `window.switchboard`: `api.credentials.add(input)` for `credentials:add`. */
export type SwitchboardApi = {
  readonly [D in DomainOf<Channel>]: {
    readonly [V in VerbOf<Channel, D>]: (input: Input<`${D}:${V}` & Channel>) => Promise<Result<Output<`${D}:${V}` & Channel>>>;
  };
} & {
  /** Subscribes to a push from main (`event:*`); returns the unsubscribe function. */
  readonly on: (event: EventName, listener: (payload: unknown) => void) => () => void;
};

/** A push event name. */
export type EventName = (typeof EVENT_NAMES)[number];
