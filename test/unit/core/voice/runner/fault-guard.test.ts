import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { faultSentence } from '../../../../../electron/core/voice/runner/fault-guard';

describe('the fault guard', () => {
  it('turns an escaped error into a report naming the call it came from, and the process goes on', () => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', join(__dirname, '../../../../helpers/fault-guard-child.ts')], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    const lines = out.trim().split('\n');
    expect(lines.slice(0, 2).map((l) => JSON.parse(l) as unknown)).toEqual(
      expect.arrayContaining([
        { callId: 'call-1', sentence: 'The voice runner caught an unexpected RangeError and kept running.' },
        { callId: 'call-2', sentence: 'The voice runner caught an unexpected TypeError and kept running.' },
      ]),
    );
    expect(lines.at(-1)).toBe('still running');
  });

  it('names an error by its class only, never by its message', () => {
    const err = new Error('sk-ant-api03-secret');
    expect(faultSentence(err)).toBe('The voice runner caught an unexpected Error and kept running.');
    expect(faultSentence('a string')).toBe('The voice runner caught an unexpected error and kept running.');
  });
});
