import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSender } from '../../../../../electron/core/messaging/senders';

const KEY = 'SG.abcdefghijklmnopqrstuv.abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';

describe('a sender’s reasons', () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    // A provider (or a proxy) that quotes the key back in its error message.
    server = createServer((_req, res) => {
      res.writeHead(400, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ errors: [{ message: `The key ${KEY} may not send from this address.` }] }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('never carry the key, even when the provider quotes it', async () => {
    const sender = createSender(
      { provider: 'sendgrid', fields: { apiKey: KEY, fromEmail: 'hello@example.org' }, endpoint: url },
      {},
      "The client's",
    );
    const result = await sender.send(
      [{ id: 1, recipient: 'ada@example.org', subject: 'Hi', body: 'Hello' }],
      '',
      AbortSignal.timeout(5_000),
    );
    expect(result).toEqual({
      kind: 'rejected',
      reason: 'SendGrid refused the message (HTTP 400): The key [redacted] may not send from this address.',
    });
  });
});
