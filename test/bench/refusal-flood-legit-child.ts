/**
 * The legitimate carrier, from a process of its own as a real carrier is: a signed status callback
 * sent one at a time and timed on this side of the wire, so the runner's own event loop is never
 * part of the measuring instrument. Sends the times back and exits.
 */
import { request } from 'node:http';

interface Job {
  readonly port: number;
  readonly path: string;
  readonly body: string;
  readonly signature: string;
  readonly samples: number;
}

function post(job: Job): Promise<number> {
  return new Promise((resolve, reject) => {
    const headers = {
      'content-type': 'application/x-www-form-urlencoded',
      'content-length': Buffer.byteLength(job.body),
      'x-twilio-signature': job.signature,
    };
    const req = request({ host: '127.0.0.1', port: job.port, method: 'POST', path: job.path, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(job.body);
  });
}

process.once('message', (job: Job) => {
  void (async () => {
    const times: number[] = [];
    for (let sample = 0; sample < job.samples; sample++) {
      const started = performance.now();
      const status = await post(job);
      if (status !== 204) throw new Error(`The legitimate callback was answered ${status}.`);
      times.push(performance.now() - started);
    }
    process.send?.({ times });
    process.disconnect();
  })();
});
