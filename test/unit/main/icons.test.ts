import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '../../..');

/** Width and height from a PNG's IHDR chunk. */
function pngSize(file: string): { width: number; height: number } {
  const b = readFileSync(file);
  expect(b.subarray(1, 4).toString('latin1')).toBe('PNG');
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

describe('application icons', () => {
  const builder = readFileSync(join(root, 'electron-builder.yml'), 'utf8');
  const icons = [...builder.matchAll(/^\s+icon:\s*(\S+)/gm)].map((m) => m[1] as string);

  it('are referenced by every platform of the builder config, and each path exists', () => {
    expect(icons).toEqual(['resources/icons', 'resources/icon.icns', 'resources/icon.ico']);
    for (const icon of icons) expect(existsSync(join(root, icon)), icon).toBe(true);
  });

  it('come in every Linux size, each PNG as large as its name says', () => {
    for (const n of [16, 24, 32, 48, 64, 128, 256, 512, 1024]) {
      expect(pngSize(join(root, `resources/icons/${n}x${n}.png`))).toEqual({ width: n, height: n });
    }
    expect(pngSize(join(root, 'resources/icon.png'))).toEqual({ width: 1024, height: 1024 });
  });

  it('ship an ICNS and an ICO with their magic numbers', () => {
    expect(readFileSync(join(root, 'resources/icon.icns')).subarray(0, 4).toString('latin1')).toBe('icns');
    expect([...readFileSync(join(root, 'resources/icon.ico')).subarray(0, 4)]).toEqual([0, 0, 1, 0]);
  });
});
