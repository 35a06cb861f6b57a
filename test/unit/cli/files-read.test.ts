import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FILE_LIMITS, readInputFile } from '../../../electron/cli/files';
import { MAX_ENV_BYTES } from '../../../electron/core/offline/env-import';
import { tempDir } from '../../helpers/core';

describe('reading an operator file', () => {
  it.runIf(process.platform === 'linux')('reads a /proc file to its end, though it reports a size of 0', () => {
    const text = readInputFile('/proc/self/status', { what: 'prompt file', limitBytes: FILE_LIMITS.prompt, text: true });
    expect(text.length).toBeGreaterThan(100);
    expect(text).toMatch(/^Name:/);
    expect(text).toMatch(/\nPid:\s+\d+/);
  });

  it.runIf(process.platform === 'linux')('refuses /proc/self/environ as a binary file instead of taking its first character', () => {
    expect(() => readInputFile('/proc/self/environ', { what: 'prompt file', limitBytes: FILE_LIMITS.prompt, text: true })).toThrow(
      'That file looks like a binary file, not a prompt file; nothing was read.',
    );
  });

  it.runIf(process.platform === 'linux')('refuses a /proc file past the limit by what it read, not by its reported size', () => {
    expect(() => readInputFile('/proc/self/status', { what: 'template file', limitBytes: 1024, text: true })).toThrow(
      'That file is larger than 1 KB, the most a template file may be; nothing was read.',
    );
  });

  it('says the one .env limit the parser holds to', () => {
    const { dir, cleanup } = tempDir();
    try {
      expect(FILE_LIMITS.env).toBe(MAX_ENV_BYTES);
      const big = join(dir, 'big.env');
      writeFileSync(big, `A=${'x'.repeat(MAX_ENV_BYTES)}\n`);
      expect(() => readInputFile(big, { what: '.env file', limitBytes: FILE_LIMITS.env, text: true })).toThrow(
        'That file is larger than 256 KB, the most an .env file may be; nothing was read.',
      );
    } finally {
      cleanup();
    }
  });
});
