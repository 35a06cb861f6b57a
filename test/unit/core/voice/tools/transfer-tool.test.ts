import { describe, expect, it } from 'vitest';
import type { TransferTargetView } from '../../../../../shared/transfer-targets';
import { TransferTool, type TransferDesk } from '../../../../../electron/core/voice/tools/transfer-tool';

const target = (name: string, mode: 'cold' | 'warm', number: string): TransferTargetView => ({
  id: name,
  agentId: 'a1',
  name,
  number,
  whenToUse: `When ${name} is wanted.`,
  mode,
  createdAt: 't',
});
const TARGETS = [target('Sales desk', 'warm', '+14155550123'), target('Support', 'cold', '+14155550124')];

/** A desk that records what it was asked and answers ok. */
function desk(): TransferDesk & { asked: [string, string][] } {
  const asked: [string, string][] = [];
  return {
    asked,
    async transfer(t, summary) {
      asked.push([t.name, summary]);
      return { content: 'ok', isError: false };
    },
  };
}

const signal = new AbortController().signal;

describe('the transfer_call tool', () => {
  it('is offered with the operator’s names as its only choices and when to use each, and never a number', () => {
    const tool = new TransferTool(TARGETS, desk());
    expect(tool.definition.name).toBe('transfer_call');
    expect(tool.definition.input_schema).toMatchObject({
      properties: { target: { enum: ['Sales desk', 'Support'] }, summary: { maxLength: 300 } },
      required: ['target', 'summary'],
      additionalProperties: false,
    });
    expect(tool.definition.description).toContain('- Sales desk (warm): When Sales desk is wanted.');
    expect(JSON.stringify(tool.definition)).not.toMatch(/555012/);
  });

  it('hands a configured target (any case) and a one-line summary to the desk', async () => {
    const d = desk();
    const tool = new TransferTool(TARGETS, d);
    expect(await tool.run({ target: 'sales DESK', summary: 'Sam wants\n a quote.' }, signal)).toEqual({ content: 'ok', isError: false });
    expect(d.asked).toEqual([['Sales desk', 'Sam wants a quote.']]);
  });

  it('refuses a number, an unknown name, a number smuggled in beside the target, or a malformed input, and asks the desk nothing', async () => {
    const d = desk();
    const tool = new TransferTool(TARGETS, d);
    const cases: [unknown, RegExp][] = [
      [{ target: '+14155550999', summary: 'x' }, /never dials a number; it transfers only to Sales desk, Support/],
      [{ target: 'Legal', summary: 'x' }, /no transfer target called Legal/],
      [{ target: 'Support', summary: 'x', number: '+14155550999' }, /only a target and a summary; the number is never yours/],
      [{ target: 'Support' }, /a target name and a one-line summary/],
      ['Support', /takes a target and a summary/],
    ];
    for (const [input, sentence] of cases) {
      const result = await tool.run(input, signal);
      expect(result.isError).toBe(true);
      expect(result.content).toMatch(sentence);
    }
    expect(d.asked).toEqual([]);
  });

  it('tries at most three transfers in one call', async () => {
    const d = desk();
    const tool = new TransferTool(TARGETS, d);
    for (let i = 0; i < 3; i++) expect((await tool.run({ target: 'Support', summary: 'x' }, signal)).isError).toBe(false);
    expect(await tool.run({ target: 'Support', summary: 'x' }, signal)).toEqual({
      content: 'This call has tried its transfers; carry on with the caller yourself.',
      isError: true,
    });
    expect(d.asked).toHaveLength(3);
  });
});
