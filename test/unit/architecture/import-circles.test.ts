/**
 * No import circle among the product's files, type-only imports included (docs/ARCHITECTURE.md,
 * "Invariants"). Two circles are known and allowed, listed exactly; any other circle, or a file joining
 * a known one, fails here.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { circles, importGraph } from '../../helpers/import-graph';

/**
 * The circles that may stay for now, file for file.
 * - The voice wing and voice campaigns take the whole `Core` (type-only imports of app.ts, which
 *   builds them): issue 22, item 1 ("a declared door") breaks it with a named dependency set.
 * - The migrations import the `Migration` type of the runner that lists them, which is allowed.
 */
const ALLOWED: readonly (readonly string[])[] = [
  [
    'electron/core/app.ts',
    'electron/core/campaigns/voice/ceiling.ts',
    'electron/core/campaigns/voice/placer.ts',
    'electron/core/campaigns/voice/run.ts',
    'electron/core/campaigns/voice/service.ts',
    'electron/core/campaigns/voice/settle.ts',
    'electron/core/campaigns/voice/twilio-lookup.ts',
    'electron/core/voice/call-keys.ts',
    'electron/core/voice/orphans.ts',
    'electron/core/voice/placed-call.ts',
    'electron/core/voice/runner.ts',
    'electron/core/voice/serve.ts',
    'electron/core/voice/tunnel.ts',
    'electron/core/voice/voice-service.ts',
  ],
  [
    'electron/core/store/migrate.ts',
    // Every migration file: a new migration joins this circle by design.
    ...readdirSync(join(__dirname, '..', '..', '..', 'electron', 'core', 'store', 'migrations'))
      .filter((name) => name.endsWith('.ts'))
      .sort()
      .map((name) => `electron/core/store/migrations/${name}`),
  ],
];

describe('import circles', () => {
  const graph = importGraph();
  const found = circles(graph);

  it('counts a type-only import as an edge (call-keys.ts imports only the type Core from app.ts)', () => {
    expect(graph.get('electron/core/voice/call-keys.ts')).toContain('electron/core/app.ts');
  });

  it('finds none among the product files beyond the known ones', () => {
    const fits = (circle: readonly string[]): boolean => ALLOWED.some((allowed) => circle.every((file) => allowed.includes(file)));
    expect(found.filter((circle) => !fits(circle))).toEqual([]);
  });

  it('keeps the known ones listed exactly, so a file that leaves a circle leaves the list too', () => {
    expect(found).toEqual(ALLOWED.map((allowed) => [...allowed].sort()));
  });

  it('finds a circle of three files, and none in a plain chain', () => {
    const three = new Map([
      ['a.ts', new Set(['b.ts'])],
      ['b.ts', new Set(['c.ts'])],
      ['c.ts', new Set(['a.ts'])],
      ['d.ts', new Set(['a.ts'])],
    ]);
    expect(circles(three)).toEqual([['a.ts', 'b.ts', 'c.ts']]);
    expect(circles(new Map([['a.ts', new Set(['b.ts'])], ['b.ts', new Set<string>()]]))).toEqual([]);
  });
});
