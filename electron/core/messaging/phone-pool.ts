/**
 * Normalising a number with libphonenumber-js costs 10–20 µs (it builds a RegExp per pattern it
 * tries), which dominates a large contact import. A small pool of worker threads does it in
 * parallel with the CSV parsing; where no worker file ships (or workers cannot start) the same
 * function runs inline, so the result never depends on the pool.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { normalisePhone, type PhoneCheck } from './address';
import type { PhoneJob } from './phone-worker';

type Pending = { resolve: (out: PhoneCheck[]) => void; reject: (e: Error) => void };

/** Where the worker is: beside the bundle (`phone-worker.js`, an entry of the main build) or the source under tsx. */
function workerFile(): { file: string; execArgv?: string[] } | null {
  const js = [join(__dirname, 'phone-worker.js'), join(__dirname, '..', 'phone-worker.js')].find((f) => existsSync(f));
  if (js) return { file: js };
  const ts = join(__dirname, 'phone-worker.ts');
  return existsSync(ts) ? { file: ts, execArgv: ['--import', 'tsx'] } : null;
}

/** A pool of phone-normalising workers (inline when none can run). */
export class PhonePool {
  private readonly workers: Worker[] = [];
  private readonly pending = new Map<number, Pending>();
  private next = 0;
  private failed = false;
  private closing = false;

  constructor(readonly size = Math.max(1, Math.min(4, availableParallelism() - 1))) {}

  private start(): boolean {
    if (this.failed) return false;
    if (this.workers.length > 0) return true;
    const where = workerFile();
    if (!where) {
      this.failed = true;
      return false;
    }
    try {
      for (let i = 0; i < this.size; i += 1) {
        // A worker holds the metadata and one batch: a small heap keeps the import's memory bounded.
        const w = new Worker(where.file, {
          execArgv: where.execArgv,
          resourceLimits: { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 8 },
        });
        w.on('message', (m: { id: number; out: PhoneCheck[] }) => {
          this.pending.get(m.id)?.resolve(m.out);
          this.pending.delete(m.id);
        });
        w.on('error', (e) => this.failAll(e));
        // A worker that stops (out of its small heap, killed) must not leave a batch waiting forever.
        w.on('exit', () => {
          if (!this.closing) this.failAll(new Error('a phone worker stopped'));
        });
        this.workers.push(w);
      }
      return true;
    } catch {
      this.failed = true;
      void this.close();
      return false;
    }
  }

  private failAll(e: Error): void {
    this.failed = true;
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }

  /** Normalises a batch, in a worker when one runs. */
  async normalise(items: readonly (readonly [string, string | null])[], sms: boolean): Promise<PhoneCheck[]> {
    const inline = (): PhoneCheck[] => items.map(([raw, country]) => normalisePhone(raw, country, { sms }));
    if (!this.start()) return inline();
    const id = (this.next += 1);
    const worker = this.workers[id % this.workers.length] as Worker;
    try {
      return await new Promise<PhoneCheck[]>((resolve, reject) => {
        this.pending.set(id, { resolve, reject });
        const job: PhoneJob = { id, sms, items };
        worker.postMessage(job);
      });
    } catch {
      return inline();
    }
  }

  /** Stops the workers. */
  async close(): Promise<void> {
    this.closing = true;
    const ws = this.workers.splice(0);
    await Promise.all(ws.map((w) => w.terminate()));
  }
}
