/**
 * Contact import: a 100,000-row CSV read, normalised to E.164 and filtered against a
 * 1,000,000-number do-not-contact list (queried in SQLite, never loaded into memory), then
 * written as a campaign. Target ≤ 3 s, peak RSS ≤ 250 MB. The import runs in a fresh process
 * so its peak RSS is its own; the baseline is csv-parse alone over the same file, same process.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createCore } from '../../electron/core/app';
import { memoryKeyStore, tempDir } from '../helpers/core';
import { contactRows, seeded, usNumber, writeLines } from './messaging-data';

const ROWS = 100_000;
const DNC = 1_000_000;

/** Runs the import benchmark and prints its figures. */
export async function run(): Promise<void> {
  console.log('\n## Messaging: contact import against a do-not-contact list');
  const { dir, cleanup } = tempDir('switchboard-bench-');
  try {
    const dataDir = join(dir, 'data');
    const file = join(dir, 'contacts.csv');
    const core = createCore({ dataDir, actor: 'cli', keyStore: memoryKeyStore() });
    let ws: string;
    try {
      await core.start();
      ws = core.workspaces.create({ name: 'Bench', defaultCountry: 'US' }, 'cli').id;
      await writeLines(file, contactRows(ROWS, seeded(42)));
      // A million numbers; one contact in twenty is among them.
      const rnd = seeded(7);
      async function* dnc(): AsyncGenerator<string> {
        for (let i = 0; i < DNC; i++) yield i % 200 === 0 ? usNumber(i / 10) : usNumber(ROWS * 2 + Math.floor(rnd() * 50_000_000));
      }
      const t = performance.now();
      const list = await core.campaigns.dnc.importStream({ kind: 'workspace', workspaceId: ws }, dnc(), { actor: 'cli' });
      console.log(
        `do-not-contact list: ${list.total.toLocaleString('en')} numbers imported in ${((performance.now() - t) / 1000).toFixed(2)} s (staged, one transaction)`,
      );
    } finally {
      core.close();
    }

    const child = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, 'messaging-import-child.ts'), dataDir, file, ws], {
      encoding: 'utf8',
      env: process.env,
      maxBuffer: 1 << 20,
    });
    if (child.status !== 0) throw new Error(`the import process failed: ${child.stderr.slice(0, 400)}`);
    const r = JSON.parse(child.stdout) as {
      records: number;
      baselineS: number;
      readS: number;
      recipients: number;
      createS: number;
      imported: { recipients: number; rejected: number; excluded: number; merged: number };
      rssStartMb: number;
      peakRssMb: number;
    };
    const m = r.imported;
    console.log(`csv-parse alone (baseline): ${r.records.toLocaleString('en')} records in ${r.baselineS.toFixed(2)} s`);
    console.log(
      `read + normalise + filter: ${ROWS.toLocaleString('en')} rows in ${r.readS.toFixed(2)} s (${(r.readS / r.baselineS).toFixed(1)}× the bare parse) → ${r.recipients.toLocaleString('en')} recipients`,
    );
    console.log(
      `whole campaign create (read, normalise, filter, template, schedule, write ${m.recipients.toLocaleString('en')} outbox rows and ${(m.rejected + m.excluded + m.merged).toLocaleString('en')} row reports): ${r.createS.toFixed(2)} s (${(r.createS / r.baselineS).toFixed(1)}× the bare parse) — target ≤ 3 s: ${r.createS <= 3 ? 'met' : 'NOT met'}`,
    );
    console.log(
      `  ${m.recipients} recipients · ${m.rejected} rejected · ${m.excluded} on the do-not-contact list · ${m.merged} duplicates merged`,
    );
    console.log(
      `peak RSS of the importing process: ${Math.round(r.peakRssMb)} MB (at start ${Math.round(r.rssStartMb)} MB) — target ≤ 250 MB: ${r.peakRssMb <= 250 ? 'met' : 'NOT met'}`,
    );
  } finally {
    cleanup();
  }
}

if (require.main === module) void run();
