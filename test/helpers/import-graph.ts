/**
 * The import graph of the product's own files, read with the TypeScript compiler: every
 * `import`, `import type`, `export … from` and dynamic `import()`, resolved the way tsc resolves
 * them, between files under electron/, renderer/src/ and shared/. Used by the circle check.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import ts from 'typescript';

/** The repository's root. */
export const ROOT = join(__dirname, '..', '..');

/** The folders whose files are the product (tests, scripts and simulators are not). */
const PRODUCT = ['electron', join('renderer', 'src'), 'shared'];

const OPTIONS: ts.CompilerOptions = {
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  jsx: ts.JsxEmit.ReactJSX,
  resolveJsonModule: true,
  allowJs: false,
};

/** Every .ts and .tsx file under a folder. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sources(path);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** A path relative to the root, with forward slashes. */
export const rel = (path: string): string => relative(ROOT, path).split(sep).join('/');

/** Each product file and the product files it imports (type-only imports included), by relative path. */
export function importGraph(): Map<string, Set<string>> {
  const files = PRODUCT.flatMap((dir) => sources(join(ROOT, dir)));
  const known = new Set(files.map(rel));
  const graph = new Map<string, Set<string>>();
  for (const file of files) {
    const edges = new Set<string>();
    for (const imported of ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles) {
      const resolved = ts.resolveModuleName(imported.fileName, file, OPTIONS, ts.sys).resolvedModule?.resolvedFileName;
      if (resolved && known.has(rel(resolved))) edges.add(rel(resolved));
    }
    graph.set(rel(file), edges);
  }
  return graph;
}

/** The circles of a graph: its strongly connected components of more than one file (or a file importing itself), each sorted. */
export function circles(graph: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  // Tarjan's algorithm, iterative so a deep chain of imports cannot overflow the stack.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const found: string[][] = [];
  let next = 0;
  for (const start of graph.keys()) {
    if (index.has(start)) continue;
    const work: { node: string; edges: string[]; at: number }[] = [{ node: start, edges: [...(graph.get(start) ?? [])], at: 0 }];
    index.set(start, next);
    low.set(start, next++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const frame = work[work.length - 1] as (typeof work)[number];
      if (frame.at < frame.edges.length) {
        const to = frame.edges[frame.at++] as string;
        if (!index.has(to)) {
          index.set(to, next);
          low.set(to, next++);
          stack.push(to);
          onStack.add(to);
          work.push({ node: to, edges: [...(graph.get(to) ?? [])], at: 0 });
        } else if (onStack.has(to)) low.set(frame.node, Math.min(low.get(frame.node) as number, index.get(to) as number));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node) as number, low.get(frame.node) as number));
      if (low.get(frame.node) !== index.get(frame.node)) continue;
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop() as string;
        onStack.delete(member);
        component.push(member);
      } while (member !== frame.node);
      if (component.length > 1 || graph.get(frame.node)?.has(frame.node)) found.push(component.sort());
    }
  }
  return found.sort((a, b) => (a[0] as string).localeCompare(b[0] as string));
}
