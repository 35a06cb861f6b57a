/**
 * The Twilio simulator's live-call changes, as Twilio's "Modify calls in progress" and TwiML docs
 * describe them: `POST …/Calls/{sid}.json` with `Twiml` runs new TwiML on a call that is in progress
 * (anything else is refused with error 21220, TwiML over 4,000 characters with 32018; Twiml and Url
 * together are refused, they are mutually exclusive). The call's current TwiML stops: a
 * <Connect><Stream> stream gets `stop` and its socket is closed. Then:
 *
 * - `<Dial callerId timeout><Number statusCallback …>N</Number></Dial>` rings N on a child leg of the
 *   call (Direction outbound-dial, ParentCallSid), posting the child's status callbacks to the
 *   Number's statusCallback. Answered, the two are bridged: when either hangs up, both end. Not
 *   answered, the <Dial> ends and, with no TwiML after it, so does the call.
 * - `<Dial><Conference endConferenceOnExit …>room</Conference></Dial>` joins the room; when a member
 *   with endConferenceOnExit leaves, the room ends and every other member's call completes.
 *
 * Seconds are the caller's to say (tests pass them, so no assertion reads the wall clock); a call
 * whose seconds are not given lasted from its answer until now.
 */
import { randomBytes } from 'node:crypto';
import type { SimResponse } from './server';
import type { ProviderSim } from './server';
import { twilioError, type TwilioState } from './twilio';
import { postStatus, type OnCall, type SimCall } from './twilio-calls';

/** A conference room of the simulator. */
export interface SimRoom {
  readonly name: string;
  readonly members: { readonly call: SimCall; readonly endOnExit: boolean }[];
  ended: boolean;
}

/** What the simulator keeps about live calls beyond their own rows. */
interface World {
  readonly sim: ProviderSim<TwilioState>;
  readonly calls: SimCall[];
  readonly onCall?: OnCall;
  readonly rooms: Map<string, SimRoom>;
  /** Each call's bridged partner (a cold transfer's parent and child). */
  readonly bridged: Map<string, SimCall>;
}

const worlds = new WeakMap<SimCall[], World>();
const MAX_TWIML = 4000;
const FINAL = new Set(['completed', 'busy', 'no-answer', 'failed', 'canceled']);

/** Starts keeping live-call changes for a simulator's calls (serveCalls calls this). */
export function keepTransfers(sim: ProviderSim<TwilioState>, calls: SimCall[], onCall?: OnCall): void {
  worlds.set(calls, { sim, calls, onCall, rooms: new Map(), bridged: new Map() });
}

function worldOf(calls: SimCall[]): World {
  const world = worlds.get(calls);
  if (!world) throw new Error('twilio-transfers: these calls are not a simulator’s');
  return world;
}

/** The simulator's rooms, by name. */
export function roomsOf(calls: SimCall[]): ReadonlyMap<string, SimRoom> {
  return worldOf(calls).rooms;
}

/** The call's bridged partner, if any. */
export function bridgedWith(calls: SimCall[], call: SimCall): SimCall | undefined {
  return worldOf(calls).bridged.get(call.sid);
}

const attr = (tag: string, name: string): string | null => {
  const m = new RegExp(`\\b${name}="([^"]*)"`).exec(tag);
  return m ? unescape(m[1] ?? '') : null;
};
const unescape = (v: string): string =>
  v
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

/** Runs new TwiML on a live call, as `POST …/Calls/{sid}.json` with Twiml does. */
export function redirect(calls: SimCall[], call: SimCall, form: URLSearchParams): SimResponse {
  const world = worldOf(calls);
  const twiml = form.get('Twiml') ?? '';
  if (form.get('Url') !== null) return twilioError(400, 21205, 'Url and Twiml are mutually exclusive.');
  if (call.state !== 'in-progress') return twilioError(400, 21220, 'Call is not in-progress. Cannot redirect.');
  if (twiml.length > MAX_TWIML) return twilioError(400, 32018, 'Twiml size exceeded maximum allowed value of 4000 characters');
  const number = /<Dial\b([^>]*)>\s*<Number\b([^>]*)>([^<]+)<\/Number>\s*<\/Dial>/.exec(twiml);
  const room = /<Dial\b[^>]*>\s*<Conference\b([^>]*)>([^<]+)<\/Conference>\s*<\/Dial>/.exec(twiml);
  if (!number && !room) return twilioError(400, 12100, 'The simulator plays only <Dial><Number> and <Dial><Conference> in a call update.');
  // The current TwiML stops: a <Connect><Stream> gets its stop message and its socket closes.
  call.media?.stop();
  call.media = null;
  call.twimlRuns.push(twiml);
  if (number) {
    const [, dialTag = '', numberTag = '', to = ''] = number;
    const child: SimCall = {
      sid: `CA${randomBytes(16).toString('hex')}`,
      accountSid: call.accountSid,
      to: unescape(to.trim()),
      from: attr(dialTag, 'callerId') ?? call.from,
      twiml: null,
      url: null,
      status: 'queued',
      statusCallback: attr(numberTag, 'statusCallback'),
      statusCallbackEvents: (attr(numberTag, 'statusCallbackEvent') ?? 'completed').split(/\s+/),
      machineDetection: null,
      asyncAmd: false,
      asyncAmdStatusCallback: null,
      beepEndedAt: null,
      sequence: 0,
      hungUp: false,
      state: 'queued',
      answeredBy: null,
      duration: null,
      createdAt: Date.now(),
      parentSid: call.sid,
      direction: 'outbound-dial',
      media: null,
      answeredAt: null,
      ringSeconds: Number(attr(dialTag, 'timeout') ?? 30),
      twimlRuns: [],
      streams: [],
      keysPlayed: [],
      warnings: [],
      mediaOptions: {},
    };
    world.calls.push(child);
    world.onCall?.(child);
  } else if (room) {
    const [, tag = '', name = ''] = room;
    const key = unescape(name.trim());
    const r = world.rooms.get(key) ?? { name: key, members: [], ended: false };
    world.rooms.set(key, r);
    r.members.push({ call, endOnExit: attr(tag, 'endConferenceOnExit') === 'true' });
  }
  return { status: 200, json: { sid: call.sid, status: call.state } };
}

/** Plays a cold transfer's child leg: ringing, then answered (bridged with its parent), busy or no answer (the parent's call ends). */
export async function answerChild(
  calls: SimCall[],
  child: SimCall,
  behaviour: 'answer' | 'busy' | 'no-answer',
  parentSeconds?: number,
): Promise<void> {
  const world = worldOf(calls);
  const parent = calls.find((c) => c.sid === child.parentSid);
  if (!parent) throw new Error('twilio-transfers: that call is not a child leg');
  await postStatus(world.sim, child, 'initiated');
  await postStatus(world.sim, child, 'ringing');
  if (behaviour !== 'answer') {
    await postStatus(world.sim, child, behaviour, { CallDuration: '0' });
    // The <Dial> is over and nothing follows it in the TwiML: Twilio ends the caller's call.
    return void (await complete(world, parent, parentSeconds));
  }
  child.answeredAt = Date.now();
  await postStatus(world.sim, child, 'in-progress');
  world.bridged.set(child.sid, parent);
  world.bridged.set(parent.sid, child);
}

/**
 * The party on `call` hangs up: its call completes, and so does every call that ends with it (its
 * bridged partner; a room's other members when it was the room's ender). `seconds` gives any of
 * these calls' CallDuration by sid.
 */
export async function hangUpParty(calls: SimCall[], call: SimCall, seconds: Readonly<Record<string, number>> = {}): Promise<void> {
  const world = worldOf(calls);
  for (const c of endsWith(world, call)) await complete(world, c, seconds[c.sid]);
}

/** The calls that end when `call` does, itself first. */
function endsWith(world: World, call: SimCall): SimCall[] {
  const out = [call];
  const partner = world.bridged.get(call.sid);
  if (partner) out.push(partner);
  for (const r of world.rooms.values()) {
    const me = r.members.find((m) => m.call === call);
    if (!me || r.ended) continue;
    if (me.endOnExit) {
      r.ended = true;
      out.push(...r.members.map((m) => m.call).filter((c) => c !== call));
    } else r.members.splice(r.members.indexOf(me), 1);
  }
  return out.filter((c) => !FINAL.has(c.state));
}

/** Completes one live call with its seconds (or the time since its answer), posting its final callback. */
async function complete(world: World, call: SimCall, seconds?: number): Promise<void> {
  if (FINAL.has(call.state)) return;
  call.media?.stop();
  call.media = null;
  world.bridged.delete(call.sid);
  const lasted = seconds ?? (call.answeredAt === null ? 0 : Math.round((Date.now() - call.answeredAt) / 1000));
  await postStatus(world.sim, call, 'completed', { CallDuration: String(lasted) });
}

/** A call hung up through the API: Twilio posts its final status, and ends what ends with it. */
export async function hungUpByApi(calls: SimCall[], call: SimCall, was: string): Promise<void> {
  const world = worldOf(calls);
  const others = endsWith(world, call).filter((c) => c !== call);
  call.media?.stop();
  call.media = null;
  const final = was === 'in-progress' ? 'completed' : 'canceled';
  const lasted = call.answeredAt === null ? 0 : Math.round((Date.now() - call.answeredAt) / 1000);
  // The state was set already by the hang-up itself; the callback reports it.
  call.state = was;
  await postStatus(world.sim, call, final, { CallDuration: String(final === 'completed' ? lasted : 0) });
  for (const c of others) await complete(world, c);
}
