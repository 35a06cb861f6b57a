/**
 * No import circle among the product's files, type-only imports included (docs/ARCHITECTURE.md,
 * "Invariants"). One circle is allowed, listed exactly: the migrations and the runner that lists
 * them. Any other circle, or a file joining that one, fails here.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { circles, importGraph } from '../../helpers/import-graph';

/** The one circle allowed, file for file: the migrations import the `Migration` type of the runner that lists them. */
const ALLOWED: readonly (readonly string[])[] = [
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

  it('counts a type-only import as an edge (each migration imports only the type Migration from migrate.ts)', () => {
    const [first] = [...graph.keys()].filter((file) => file.startsWith('electron/core/store/migrations/')).sort();
    expect(graph.get(first ?? '')).toContain('electron/core/store/migrate.ts');
  });

  it('keeps the voice wing and the campaigns behind their doors: none of their files imports app.ts', () => {
    const wings = [...graph.keys()].filter(
      (file) => file.startsWith('electron/core/voice/') || file.startsWith('electron/core/campaigns/'),
    );
    expect(wings.length).toBeGreaterThan(20);
    expect(wings.filter((file) => graph.get(file)?.has('electron/core/app.ts'))).toEqual([]);
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
    expect(
      circles(
        new Map([
          ['a.ts', new Set(['b.ts'])],
          ['b.ts', new Set<string>()],
        ]),
      ),
    ).toEqual([]);
  });
});
