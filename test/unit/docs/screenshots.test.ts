/** The README shows only screenshots that an end-to-end spec takes, so every one is of the console as it is today. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..', '..');
const e2e = join(root, 'test', 'e2e');

/** The names every spec passes to `shot(page, '…')` (test/e2e/support/shot.ts writes each to docs/screenshots). */
function shotsTaken(): Set<string> {
  const names = new Set<string>();
  for (const file of readdirSync(e2e).filter((name) => name.endsWith('.spec.ts'))) {
    for (const match of readFileSync(join(e2e, file), 'utf8').matchAll(/\bshot\(\s*page\s*,\s*'([a-z0-9-]+)'\s*\)/g)) names.add(match[1] as string);
  }
  return names;
}

/** Every image under docs/screenshots that a Markdown file of the repository shows. */
function shotsShown(markdown: string): string[] {
  return [...markdown.matchAll(/docs\/screenshots\/([a-z0-9-]+)\.png/g)].map((match) => match[1] as string);
}

describe('README screenshots', () => {
  it('are each taken by an end-to-end spec', () => {
    const taken = shotsTaken();
    const shown = shotsShown(readFileSync(join(root, 'README.md'), 'utf8'));
    expect(shown.length).toBeGreaterThan(10);
    expect(shown.filter((name) => !taken.has(name))).toEqual([]);
  });

  it('are written nowhere but through the shared shot helper', () => {
    for (const file of readdirSync(e2e).filter((name) => name.endsWith('.spec.ts'))) {
      expect(readFileSync(join(e2e, file), 'utf8'), file).not.toMatch(/page\.screenshot\(/);
    }
  });
});
