/** Worker thread of the phone pool: normalises batches of numbers with libphonenumber-js off the main thread. */
import { parentPort } from 'node:worker_threads';
import { normalisePhone } from './address';

/** A batch: [raw value, default country] pairs. */
export interface PhoneJob {
  readonly id: number;
  readonly sms: boolean;
  readonly items: readonly (readonly [string, string | null])[];
}

parentPort?.on('message', (job: PhoneJob) => {
  parentPort?.postMessage({ id: job.id, out: job.items.map(([raw, country]) => normalisePhone(raw, country, { sms: job.sms })) });
});
