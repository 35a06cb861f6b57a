/**
 * Every IPC channel's input schema bounds what it accepts: each string has a maximum length (or a
 * fixed format), each array a maximum count, and nothing is `unknown`. A renderer that sends a
 * 1 GB "template" or a million-entry list is refused by zod before the core sees it.
 */
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { contract } from '../../../shared/ipc/contract';
import { FieldsSchema } from '../../../shared/ipc/schemas';

interface Def {
  readonly type: string;
  readonly checks?: readonly {
    readonly _zod: { readonly def: { readonly check: string; readonly format?: string; readonly pattern?: RegExp } };
  }[];
  readonly [key: string]: unknown;
}
const defOf = (s: unknown): Def => (s as { _zod: { def: Def } })._zod.def;
const checks = (d: Def): string[] => (d.checks ?? []).map((c) => c._zod.def.check);

/** An anchored pattern with only bounded repeats ({m,n}, ?), so it caps the length by itself. */
function boundedPattern(p: RegExp): boolean {
  const src = p.source;
  return src.startsWith('^') && src.endsWith('$') && !/(?<!\\)[*+]|\{\d+,\}/.test(src);
}

/** The paths inside a schema where an input is not bounded. */
function unbounded(schema: unknown, path: string): string[] {
  const d = defOf(schema);
  const capped = checks(d).some((c) => c === 'max_length' || c === 'length_equals');
  switch (d.type) {
    case 'string': {
      const formats = (d.checks ?? []).filter((c) => c._zod.def.check === 'string_format').map((c) => c._zod.def);
      const formatted = formats.some((f) => f.format !== 'regex' || (f.pattern !== undefined && boundedPattern(f.pattern)));
      return capped || formatted ? [] : [path];
    }
    case 'array':
      return [...(capped ? [] : [`${path}[] (count)`]), ...unbounded(d.element, `${path}[]`)];
    case 'record':
      // A record's count is capped by a refine, which cannot be read back: FieldsSchema is checked by behaviour below.
      return [
        ...(checks(d).includes('custom') ? [] : [`${path}{} (count)`]),
        ...unbounded(d.keyType, `${path}{key}`),
        ...unbounded(d.valueType, `${path}{}`),
      ];
    case 'object':
      return Object.entries(d.shape as Record<string, unknown>).flatMap(([k, v]) => unbounded(v, `${path}.${k}`));
    case 'optional':
    case 'nullable':
    case 'default':
    case 'readonly':
    case 'nonoptional':
    case 'prefault':
    case 'catch':
      return unbounded(d.innerType, path);
    case 'union':
      return (d.options as unknown[]).flatMap((o, i) => unbounded(o, `${path}|${i}`));
    case 'pipe':
      return unbounded(d.in, path);
    case 'enum':
    case 'literal':
    case 'number':
    case 'boolean':
    case 'null':
    case 'undefined':
      return [];
    default:
      return [`${path} (${d.type})`];
  }
}

describe('IPC input caps', () => {
  it('bounds every string, array and record of every channel’s input', () => {
    const problems = Object.entries(contract).flatMap(([channel, c]) => unbounded((c as { input: z.ZodType }).input, channel));
    expect(problems).toEqual([]);
  });

  it('caps the file contents the console sends: a CSV, a do-not-contact list, a template', () => {
    const ws = '00000000-0000-4000-8000-000000000000';
    const big = 'x'.repeat(64 * 1024 * 1024 + 1);
    expect(contract['campaigns:create'].input.safeParse({ workspaceId: ws, channel: 'sms', csv: big, template: 'Hi' }).success).toBe(false);
    expect(contract['dnc:import'].input.safeParse({ scope: { kind: 'agency' }, content: big }).success).toBe(false);
    expect(
      contract['workflows:add'].input.safeParse({
        workspaceId: ws,
        outcome: 'interested',
        channel: 'sms',
        template: 'x'.repeat(64 * 1024 + 1),
      }).success,
    ).toBe(false);
  });

  it('refuses a key with more than 16 fields', () => {
    const fields = Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`f${i}`, 'v']));
    expect(FieldsSchema.safeParse(fields).success).toBe(false);
    expect(FieldsSchema.safeParse({ apiKey: 'v' }).success).toBe(true);
  });
});
