import { describe, expect, it } from 'vitest';
import { checkMany, defineCheck } from '../../../../electron/core/providers/checker';
import type { CheckResult } from '../../../../electron/core/providers/types';

const result = (summary: string): CheckResult => ({ status: 'valid', summary, lines: [], details: {}, durationMs: 0 });

describe('checkMany', () => {
  it('never runs more than the concurrency at once and keeps the order', async () => {
    let running = 0;
    let peak = 0;
    const items = Array.from({ length: 40 }, (_, i) => i);
    const results = await checkMany(
      items,
      async (i) => {
        running += 1;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, 2 + (i % 5)));
        running -= 1;
        return result(String(i));
      },
      { concurrency: 7 },
    );
    expect(peak).toBe(7);
    expect(results.map((r) => r.summary)).toEqual(items.map(String));
  });

  it('handles an empty list', async () => {
    expect(await checkMany([], async () => result('x'), { concurrency: 4 })).toEqual([]);
  });
});

describe('defineCheck', () => {
  const fields = { apiKey: 'sk_car_TopSecretValue_123456' };

  it('turns a thrown bug into an unreachable result, never an exception', async () => {
    const check = defineCheck('cartesia', async () => {
      throw new Error(`boom ${fields.apiKey}`);
    });
    const r = await check({ fields, environment: 'test' });
    expect(r.status).toBe('unreachable');
    expect(JSON.stringify(r)).not.toContain(fields.apiKey);
  });

  it('scrubs a secret that a check body let slip into its result', async () => {
    const check = defineCheck('cartesia', async (ctx) => ({
      status: 'valid',
      summary: `ok ${ctx.fields.apiKey}`,
      lines: [{ label: 'x', status: 'pass', detail: String(ctx.fields.apiKey) }],
      details: { echo: ctx.fields.apiKey ?? null },
    }));
    const r = await check({ fields, environment: 'test' });
    expect(JSON.stringify(r)).not.toContain(fields.apiKey);
    expect(r.summary).toBe('ok [redacted]');
  });

  it('rejects a malformed key before calling the provider', async () => {
    let called = false;
    const check = defineCheck('cartesia', async () => {
      called = true;
      return { status: 'valid', summary: '', lines: [], details: {} };
    });
    const r = await check({ fields: { apiKey: 'sk-wrong-shape' }, environment: 'test' });
    expect(r.status).toBe('invalid');
    expect(called).toBe(false);
    expect(JSON.stringify(r)).not.toContain('sk-wrong-shape');
  });

  it('hears the lines a body reports as it goes, then the rest, in the order of the result, before it returns', async () => {
    const heard: string[] = [];
    const check = defineCheck('cartesia', async (ctx) => {
      ctx.onLine?.({ label: 'First', status: 'pass', detail: 'reported early' });
      heard.push('(body still running)');
      return {
        status: 'warning',
        summary: '',
        lines: [
          { label: 'First', status: 'pass', detail: 'reported early' },
          { label: 'Second', status: 'warn', detail: 'known at the end' },
        ],
        details: {},
      };
    });
    const r = await check({ fields, environment: 'test', onLine: (l) => heard.push(l.label) });
    heard.push('(result)');
    expect(heard).toEqual(['First', '(body still running)', 'Second', '(result)']);
    expect(r.lines.map((l) => l.label)).toEqual(['First', 'Second']);
  });

  it('reports a malformed key’s format lines too, and scrubs a secret from a reported line', async () => {
    const lines: string[] = [];
    await defineCheck('cartesia', async () => ({ status: 'valid', summary: '', lines: [], details: {} }))({
      fields: { apiKey: 'sk-wrong-shape' },
      environment: 'test',
      onLine: (l) => lines.push(`${l.label}: ${l.status}`),
    });
    expect(lines).toEqual(['Format: fail']);

    const details: string[] = [];
    const leaky = defineCheck('cartesia', async (ctx) => {
      ctx.onLine?.({ label: 'Key', status: 'pass', detail: `accepted ${ctx.fields.apiKey}` });
      return {
        status: 'valid',
        summary: '',
        lines: [{ label: 'Key', status: 'pass', detail: `accepted ${ctx.fields.apiKey}` }],
        details: {},
      };
    });
    await leaky({ fields, environment: 'test', onLine: (l) => details.push(l.detail) });
    expect(details).toEqual(['accepted [redacted]']);
  });

  it('keeps checking when a line listener throws', async () => {
    const check = defineCheck('cartesia', async (ctx) => {
      ctx.onLine?.({ label: 'Key', status: 'pass', detail: 'ok' });
      return { status: 'valid', summary: 'fine', lines: [{ label: 'Key', status: 'pass', detail: 'ok' }], details: {} };
    });
    const r = await check({
      fields,
      environment: 'test',
      onLine: () => {
        throw new Error('window closed');
      },
    });
    expect(r).toMatchObject({ status: 'valid', summary: 'fine' });
  });

  it('measures how long the check took', async () => {
    const check = defineCheck('cartesia', async () => {
      await new Promise((r) => setTimeout(r, 20));
      return { status: 'valid', summary: '', lines: [], details: {} };
    });
    expect((await check({ fields, environment: 'test' })).durationMs).toBeGreaterThanOrEqual(15);
  });
});
