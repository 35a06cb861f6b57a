/** Unauthenticated requests fired at the media server as fast as a few connections allow, as a flood from the loopback would. */
import { request } from 'node:http';
import { randomBytes } from 'node:crypto';

/** One unsigned status callback to a made-up call ref; resolves with the HTTP status. */
export function forgedStatus(port: number, route: 'twilio' | 'exotel' = 'twilio'): Promise<number> {
  const body = 'CallSid=CA00000000000000000000000000000000&CallStatus=completed';
  return new Promise((resolve) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: `/${route}/status/${randomBytes(9).toString('base64url')}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', () => resolve(0));
    req.end(body);
  });
}

/** Sends `total` forged callbacks over `parallel` connections at a time; resolves with the statuses seen. */
export async function flood(port: number, total: number, parallel = 32): Promise<Map<number, number>> {
  const seen = new Map<number, number>();
  let sent = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (sent < total) {
        sent += 1;
        const status = await forgedStatus(port);
        seen.set(status, (seen.get(status) ?? 0) + 1);
      }
    }),
  );
  return seen;
}
