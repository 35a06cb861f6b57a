/** Generated data for the messaging benchmarks: contact CSVs in mixed formats and large do-not-contact lists. */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

/** A deterministic generator (mulberry32), so every run reads the same data. */
export function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const AREA = [201, 212, 213, 305, 312, 404, 415, 503, 512, 617, 646, 702, 718, 805, 917, 972];

/** The i-th distinct US number in E.164 (real area codes, exchanges 200–999). */
export function usNumber(i: number): string {
  const area = AREA[i % AREA.length] as number;
  const rest = Math.floor(i / AREA.length);
  const exchange = 200 + (rest % 800);
  const line = Math.floor(rest / 800) % 10_000;
  return `+1${area}${exchange}${String(line).padStart(4, '0')}`;
}

/** Writes lines to a file with backpressure. */
export async function writeLines(path: string, lines: Iterable<string>): Promise<void> {
  const out = createWriteStream(path);
  for (const line of lines) if (!out.write(`${line}\n`)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
}

/**
 * A contact CSV of `rows` rows: numbers written as (415) 555-0123, 415.555.0123, +1 415 555 0123
 * or E.164, some with a time zone, ~1 % invalid and ~1 % duplicates. Number i is usNumber(i).
 */
export function* contactRows(rows: number, rnd: () => number): Generator<string> {
  yield 'Phone,First Name,Last Name,Timezone,Company';
  for (let i = 0; i < rows; i++) {
    const e164 = usNumber(rnd() < 0.01 ? Math.max(0, i - 1) : i);
    const national = e164.slice(2);
    const r = rnd();
    const phone =
      r < 0.01
        ? `12${i}`
        : r < 0.3
          ? `(${national.slice(0, 3)}) ${national.slice(3, 6)}-${national.slice(6)}`
          : r < 0.5
            ? `${national.slice(0, 3)}.${national.slice(3, 6)}.${national.slice(6)}`
            : r < 0.7
              ? `+1 ${national.slice(0, 3)} ${national.slice(3, 6)} ${national.slice(6)}`
              : e164;
    const tz = rnd() < 0.3 ? 'America/Chicago' : '';
    yield `${phone},First${i},"Last, ${i}",${tz},Company ${i % 97}`;
  }
}
