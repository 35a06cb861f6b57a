/**
 * Turns a service call into an IPC handler: parse the payload with the channel's zod schema,
 * run the service, parse the output (unknown keys are stripped), and return a Result. Nothing
 * is thrown across the bridge, and no error detail beyond the code's sentence leaves main.
 */
import type { z } from 'zod';
import { AppError, type Result, toErrorInfo } from '../../../shared/errors';
import { type Channel, contract, type EventName, type Output } from '../../../shared/ipc/contract';
import type { Push } from '../../../shared/ipc/pushes';
import type { Actor } from '../../core/audit/audit';
import type { Core } from '../../core/app';
import { storageFault } from '../../core/store/faults';

/** Sends one push, its payload typed by the contract (parsed before it crosses: push.ts). */
export type Emit = <E extends EventName>(event: E, payload: DeepReadonly<Push<E>>) => void;

/** What every domain's handlers receive. */
export interface HandlerContext {
  readonly core: Core;
  readonly actor: Actor;
  /** Pushes an `event:*` to the renderer, parsed with its schema first (push.ts). */
  readonly emit: Emit;
}

/** A value with every nested array and object read-only: what services hand out. */
export type DeepReadonly<T> = T extends (infer U)[]
  ? readonly DeepReadonly<U>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

/** A service function for one channel, with the parsed input (readonly domain values welcome). */
export type ServiceFn<C extends Channel> = (
  input: z.output<(typeof contract)[C]['input']>,
) => DeepReadonly<Output<C>> | Promise<DeepReadonly<Output<C>>>;

/** The service functions of some channels. */
export type ServiceMap<C extends Channel> = { readonly [K in C]: ServiceFn<K> };

/** A bound handler: raw payload in, Result out. */
export type IpcHandler = (raw: unknown) => Promise<Result<unknown>>;

/** One clear sentence from a zod failure, naming the field but never echoing its value. */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'That input is not valid.';
  const where = issue.path.length > 0 ? issue.path.map(String).join('.') : 'the request';
  switch (issue.code) {
    case 'invalid_type':
      return `The value of ${where} has the wrong type.`;
    case 'unrecognized_keys':
      // Names are not echoed: a pasted secret can land where a field name belongs.
      return `The request has ${issue.keys.length === 1 ? 'a field' : 'fields'} this action does not take.`;
    case 'too_big':
      return `The value of ${where} is too long or too large.`;
    case 'too_small':
      return `The value of ${where} is missing, too short or too small.`;
    case 'invalid_format':
      return `The value of ${where} is not in the expected format.`;
    case 'invalid_value':
      return `The value of ${where} is not one of the allowed choices.`;
    default:
      return `The value of ${where} is not valid.`;
  }
}

/** Wraps one service function as a handler. */
export function wrap<C extends Channel>(channel: C, fn: ServiceFn<C>): IpcHandler {
  const schema = contract[channel];
  return async (raw) => {
    const parsed = schema.input.safeParse(raw ?? {});
    if (!parsed.success) return { ok: false, error: { code: 'INVALID_INPUT', message: describeIssue(parsed.error) } };
    try {
      const value = await fn(parsed.data as never);
      const out = schema.output.safeParse(value);
      if (!out.success) throw new Error(`output of ${channel} does not match its schema`);
      return { ok: true, value: out.data };
    } catch (err) {
      const known = err instanceof AppError ? err : storageFault(err);
      if (!known) console.error(`[ipc] ${channel} failed: ${err instanceof Error ? err.name : 'error'}`);
      return { ok: false, error: toErrorInfo(known ?? err) };
    }
  };
}
