import { describe, expect, it } from 'vitest';
import { MAX_CALL_SMS_CHARS } from '../../../../../shared/builtin-tools';
import { AgentToolCreateSchema } from '../../../../../shared/agent-tools';
import { ManualClock } from '../../../../../electron/core/voice/clock';
import { callBuiltins, withAgreedCallback } from '../../../../../electron/core/voice/call/builtins';
import { CARRIERS } from '../../../../../electron/core/voice/carriers/catalog';
import { keysTwiml } from '../../../../../electron/core/voice/carriers/twilio/keys';
import type { BuiltinTool } from '../../../../../electron/core/voice/tools/builtin';
import { keysProblem } from '../../../../../electron/core/voice/tools/press-keys';
import {
  localIso,
  nearestAllowed,
  parseAgreedTime,
  referenceZone,
  scheduleCallbackTool,
} from '../../../../../electron/core/voice/tools/schedule-callback';
import { sendSmsTool } from '../../../../../electron/core/voice/tools/send-sms';
import { CallToolbox } from '../../../../../electron/core/voice/tools/toolbox';
import type { AgentView } from '../../../../../shared/voice-agents';

const signal = new AbortController().signal;
const NY = 'America/New_York';
/** 13:00 in New York on Friday 4 December 2026. */
const NOON_ISH = Date.parse('2026-12-04T18:00:00Z');

describe('the call’s toolbox with Switchboard’s own tools', () => {
  const counting = (name: string, maxRuns: number, quiet = false): BuiltinTool & { runs: number } => {
    const tool = {
      runs: 0,
      definition: { name, description: name, input_schema: { type: 'object' as const } },
      maxRuns,
      quiet,
      run: async () => {
        tool.runs += 1;
        return { content: 'ok', isError: false };
      },
    };
    return tool;
  };

  it('runs a built-in at most its own number of times a call, and an HTTP tool of the same name gives way to it', async () => {
    const sms = counting('send_sms', 2);
    const box = new CallToolbox(
      [
        {
          name: 'send_sms',
          description: 'shadow',
          url: 'https://example.com/x',
          timeoutMs: 1000,
          parameters: { type: 'object' },
          header: null,
        },
      ],
      { clock: new ManualClock(), builtins: [sms] },
    );
    expect(box.definitions.map((d) => d.name)).toEqual(['send_sms']);
    expect(box.definitions[0]?.description).toBe('send_sms');
    expect((await box.run('send_sms', {}, signal)).isError).toBe(false);
    expect((await box.run('send_sms', {}, signal)).isError).toBe(false);
    expect(await box.run('send_sms', {}, signal)).toEqual({
      content: 'This call has used send_sms as often as it may; go on without it.',
      isError: true,
    });
    expect(sms.runs).toBe(2);
    // Built-ins do not spend the HTTP tools' budget.
    expect(box.used).toBe(0);
  });

  it('says which tools run without a hold line, and turns a built-in that throws into one plain sentence', async () => {
    const keys = counting('press_keys', 3, true);
    const broken: BuiltinTool = { ...counting('schedule_callback', 1), run: () => Promise.reject(new Error('secret detail')) };
    const box = new CallToolbox([], { clock: new ManualClock(), builtins: [keys, broken] });
    expect([box.isQuiet('press_keys'), box.isQuiet('schedule_callback'), box.isQuiet('nothing')]).toEqual([true, false, false]);
    expect(await box.run('schedule_callback', {}, signal)).toEqual({
      content: 'schedule_callback failed unexpectedly; nothing more can be said about it.',
      isError: true,
    });
  });

  it('keeps an operator’s HTTP tool from taking a built-in’s name', () => {
    for (const name of ['send_sms', 'schedule_callback', 'press_keys', 'end_call']) {
      const parsed = AgentToolCreateSchema.safeParse({
        name,
        description: 'x',
        parameters: { type: 'object' },
        url: 'https://example.com',
      });
      expect(parsed.success).toBe(false);
    }
  });
});

describe('which built-ins a call offers', () => {
  const agent = (over: Partial<AgentView> = {}): AgentView => ({
    id: 'a',
    workspaceId: 'w',
    name: 'Ava',
    language: 'en',
    voiceId: 'v',
    greeting: 'Hi',
    systemPrompt: 'p',
    outcomes: ['interested', 'callback', 'not_interested', 'do_not_call'],
    model: 'claude-haiku-4-5',
    eotThreshold: 0.7,
    eagerEotThreshold: 0.5,
    smsTool: false,
    record: false,
    consentLine: 'This call is recorded.',
    createdAt: '',
    updatedAt: '',
    ...over,
  });
  const base = {
    workspaceId: 'w',
    callId: 'c',
    lineNumber: '+14155550100',
    actor: 'console' as const,
    sms: {} as never,
    now: () => NOON_ISH,
    keyPad: null,
  };
  const lead = { zone: NY, window: { start: 9 * 60, end: 20 * 60 }, agree: () => undefined };
  const names = (f: Parameters<typeof callBuiltins>[0]): string[] => callBuiltins(f).tools.map((t) => t.definition.name);

  it('offers send_sms only with the agent’s switch on, schedule_callback only on a campaign call of an agent with the callback outcome, press_keys only with a key pad', () => {
    expect(names({ ...base, agent: agent() })).toEqual([]);
    expect(names({ ...base, agent: agent({ smsTool: true }) })).toEqual(['send_sms']);
    expect(names({ ...base, agent: agent(), callback: lead })).toEqual(['schedule_callback']);
    expect(names({ ...base, agent: agent({ outcomes: ['interested'] }), callback: lead })).toEqual([]);
    const keyPad = { press: async () => ({ content: '', isError: false }) };
    expect(names({ ...base, agent: agent(), keyPad })).toEqual(['press_keys']);
  });

  it('has a carrier key pad only where the carrier plays keys: Twilio by a call update, not Exotel', () => {
    expect(typeof CARRIERS.twilio.pressKeys).toBe('function');
    expect(CARRIERS.exotel.pressKeys).toBeUndefined();
  });

  it('makes a call with a callback agreed end as callback with the time, unless it ended as do_not_call', () => {
    const agreed = { at: 0, label: '2026-12-04T19:45 America/New_York' };
    expect(withAgreedCallback({ outcome: 'not_interested' as const, reason: 'The caller hung up.' }, agreed)).toEqual({
      outcome: 'callback',
      reason: 'Callback agreed for 2026-12-04T19:45 America/New_York. The caller hung up.',
    });
    expect(withAgreedCallback({ outcome: 'do_not_call' as const, reason: 'Asked not to be called.' }, agreed).outcome).toBe('do_not_call');
    expect(withAgreedCallback({ outcome: 'interested' as const, reason: 'x' }, null).outcome).toBe('interested');
  });
});

describe('send_sms’s input', () => {
  const deps = {
    resolver: {
      resolve: () => {
        throw new Error('must not be reached');
      },
    },
    dnc: { exclusionFor: () => () => null, add: () => 0 },
    calls: { meter: () => undefined },
    audit: { append: () => undefined },
    env: {},
    clock: new ManualClock(),
  } as unknown as Parameters<typeof sendSmsTool>[0];
  const tool = sendSmsTool(deps, { workspaceId: 'w', callId: 'c', to: '+14155550100', actor: 'console' });

  it('is refused before any key is opened when it names a number, is empty, too long or holds control characters', async () => {
    const run = (input: unknown): Promise<string> => tool.run(input, signal).then((r) => (r.isError ? r.content : 'sent'));
    expect(await run({ text: 'hi', number: '+15555550000' })).toBe(
      'send_sms takes no number: a text goes only to the number on this call, and nothing else can be chosen.',
    );
    expect(await run({ text: '   ' })).toBe('send_sms needs the text to send.');
    expect(await run({ text: 'x'.repeat(MAX_CALL_SMS_CHARS + 1) })).toBe(
      `The text is longer than ${MAX_CALL_SMS_CHARS} characters; shorten it.`,
    );
    expect(await run({ text: 'a\u0007b' })).toBe('The text holds control characters; write plain words.');
    expect(await run('just text')).toBe('The send_sms input must be a JSON object.');
  });
});

describe('schedule_callback’s times', () => {
  it('reads a local time in the lead’s zone across a DST change, an offset as written, and refuses a date that does not exist', () => {
    // New York: EDT (-4) in July, EST (-5) in December.
    expect(new Date(parseAgreedTime('2026-07-01T15:30', NY) ?? 0).toISOString()).toBe('2026-07-01T19:30:00.000Z');
    expect(new Date(parseAgreedTime('2026-12-01 15:30', NY) ?? 0).toISOString()).toBe('2026-12-01T20:30:00.000Z');
    expect(new Date(parseAgreedTime('2026-12-01T15:30+05:30', NY) ?? 0).toISOString()).toBe('2026-12-01T10:00:00.000Z');
    expect(new Date(parseAgreedTime('2026-12-01T15:30:00Z', NY) ?? 0).toISOString()).toBe('2026-12-01T15:30:00.000Z');
    expect(parseAgreedTime('2026-02-30T10:00', NY)).toBeNull();
    expect(parseAgreedTime('tomorrow at three', NY)).toBeNull();
    expect(localIso(NY, NOON_ISH)).toBe('2026-12-04T13:00');
    expect(referenceZone('@US')).toBe('America/New_York');
    expect(referenceZone('Europe/London')).toBe('Europe/London');
  });

  it('finds the allowed times nearest a refused one: the last quarter hour before the close, and the next opening', () => {
    const window = { start: 9 * 60, end: 20 * 60 };
    const at = parseAgreedTime('2026-12-04T21:30', NY) ?? 0;
    const near = nearestAllowed(window, [NY], at, { earliest: NOON_ISH, latest: NOON_ISH + 30 * 86_400_000 });
    expect([localIso(NY, near.earlier ?? 0), localIso(NY, near.later ?? 0)]).toEqual(['2026-12-04T19:45', '2026-12-05T09:00']);
    // Before the earliest allowed moment nothing earlier is offered.
    const early = nearestAllowed(window, [NY], parseAgreedTime('2026-12-04T08:00', NY) ?? 0, { earliest: NOON_ISH, latest: Infinity });
    expect(early.earlier).toBeNull();
    expect(localIso(NY, early.later ?? 0)).toBe('2026-12-04T09:00');
  });

  it('refuses a time that has passed, and agrees one inside the window on the injected clock', async () => {
    const agreed: number[] = [];
    const tool = scheduleCallbackTool(
      { zone: NY, window: { start: 9 * 60, end: 20 * 60 }, agree: (at) => agreed.push(at) },
      { now: () => NOON_ISH, onAgreed: () => undefined },
    );
    expect((await tool.run({ time: '2026-12-04T12:00' }, signal)).content).toBe(
      '2026-12-04T12:00 (America/New_York) has passed or is too soon: it is now 2026-12-04T13:00 (America/New_York); a callback is at least 5 minutes away.',
    );
    expect((await tool.run({ time: '2026-12-04T16:00', lead: 'someone else' }, signal)).isError).toBe(true);
    expect(await tool.run({ time: '2026-12-04T16:00' }, signal)).toMatchObject({ isError: false });
    expect(agreed).toEqual([Date.parse('2026-12-04T21:00:00Z')]);
  });
});

describe('press_keys’s keys', () => {
  it('takes digits, * and # with w pauses, bounded; nothing else', () => {
    expect(keysProblem('1')).toBeNull();
    expect(keysProblem('4w2#*')).toBeNull();
    expect(keysProblem('')).not.toBeNull();
    expect(keysProblem('www')).toBe('press_keys needs at least one key, not only pauses.');
    expect(keysProblem('1A')).toBe('Keys are the digits 0 to 9, * and #, with w for a half-second pause.');
    expect(keysProblem('1'.repeat(21))).toBe('press_keys plays at most 20 keys at a time.');
    expect(keysProblem(12)).not.toBeNull();
  });

  it('becomes Twilio TwiML that plays them, then streams the call anew with its token', () => {
    expect(keysTwiml({ digits: '2w#', streamUrl: 'wss://example.com/twilio/stream/abc', token: 'tok' })).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response><Play digits="2w#"/><Connect><Stream url="wss://example.com/twilio/stream/abc"><Parameter name="token" value="tok"/></Stream></Connect></Response>',
    );
    expect(() => keysTwiml({ digits: '2"/><Hangup/>', streamUrl: 'wss://example.com/x', token: 't' })).toThrow();
  });
});
