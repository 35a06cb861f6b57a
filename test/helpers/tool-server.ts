/**
 * A local HTTPS server standing in for an operator's tool endpoint: a fresh self-signed certificate
 * for 127.0.0.1, every request recorded (method, path, headers, body), and an answer per path.
 */
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { generate } from 'selfsigned';

/** One request the server got. */
export interface ToolRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
}

/** How the server answers a path: a status and a body, or never (a tool that hangs). */
export type ToolAnswer = { readonly status?: number; readonly body: string; readonly headers?: Record<string, string> } | 'hang';

/** A running tool server. */
export interface ToolServer {
  readonly origin: string;
  /** The certificate to trust (test-only ToolNetwork.ca). */
  readonly ca: string;
  readonly requests: ToolRequest[];
  /** Sets the answer of a path. */
  answer(path: string, answer: ToolAnswer): void;
  close(): Promise<void>;
}

/** Starts a tool server on 127.0.0.1. */
export async function startToolServer(): Promise<ToolServer> {
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keySize: 2048,
    algorithm: 'sha256',
    extensions: [
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
        ],
      },
    ],
  });
  const answers = new Map<string, ToolAnswer>();
  const requests: ToolRequest[] = [];
  const server: Server = createServer({ key: pems.private, cert: pems.cert }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '/';
      requests.push({ method: req.method ?? '', path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const answer = answers.get(path) ?? { status: 404, body: '{"error":"no such path"}' };
      if (answer === 'hang') return;
      res.writeHead(answer.status ?? 200, { 'Content-Type': 'application/json', ...answer.headers });
      res.end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `https://127.0.0.1:${port}`,
    ca: pems.cert,
    requests,
    answer: (path, answer) => void answers.set(path, answer),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
