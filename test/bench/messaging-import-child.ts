/**
 * The measured part of the import benchmark, in a fresh process so its peak RSS is the import's
 * own: csv-parse alone (baseline), the whole campaign create (streamed), then read + normalise +
 * filter alone (collected in memory, after the peak was taken).
 * Prints JSON for the parent.
 */
import { createReadStream } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parse } from 'csv-parse';
import { createCore } from '../../electron/core/app';
import { readContacts } from '../../electron/core/messaging/contacts';
import { memoryKeyStore } from '../helpers/core';

async function main(): Promise<void> {
  const [dataDir, file, ws] = process.argv.slice(2) as [string, string, string];
  const core = createCore({ dataDir, actor: 'cli', keyStore: memoryKeyStore() });
  const rssStart = process.memoryUsage().rss;
  try {
    let t = performance.now();
    let records = 0;
    for await (const _ of createReadStream(file).pipe(parse())) records += 1;
    const baselineS = (performance.now() - t) / 1000;

    // The campaign create first, so the peak RSS read after it is the streamed import's own.
    t = performance.now();
    const made = await core.campaigns.create(
      {
        workspaceId: ws,
        channel: 'sms',
        contacts: createReadStream(file),
        template: 'Hi {{first_name}}, your order from {{company}} shipped.',
        window: '08:00-21:00',
      },
      'cli',
    );
    const createS = (performance.now() - t) / 1000;
    const peakRss = process.resourceUsage().maxRSS * 1024;

    t = performance.now();
    const read = await readContacts(createReadStream(file), {
      channel: 'sms',
      defaultCountry: 'US',
      exclusions: core.campaigns.dnc.exclusionsFor(ws),
    });
    const readS = (performance.now() - t) / 1000;
    const recipients = read.contacts.length;
    process.stdout.write(
      JSON.stringify({
        records,
        baselineS,
        readS,
        recipients,
        createS,
        imported: made.campaign.imported,
        rssStartMb: rssStart / 2 ** 20,
        peakRssMb: peakRss / 2 ** 20,
      }),
    );
  } finally {
    core.close();
  }
}

void main();
