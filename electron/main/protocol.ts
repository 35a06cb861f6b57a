/**
 * Serves the built renderer from `app://switchboard/` instead of file://, so pages get no
 * file-protocol privileges and the origin that IPC senders are checked against is exact.
 */
import { net, protocol } from 'electron';
import { join, normalize, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The scheme and host the packaged renderer is served from. */
export const APP_ORIGIN = 'app://switchboard';

/** Must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

/** Maps app://switchboard/<path> to files of the built renderer, refusing anything outside it. */
export function serveRenderer(root: string): void {
  protocol.handle('app', (request) => {
    const url = new URL(request.url);
    if (url.host !== 'switchboard') return new Response('Not found', { status: 404 });
    const path = normalize(join(root, decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname)));
    const rel = relative(root, path);
    if (rel.startsWith('..') || rel.includes(`..${sep}`)) return new Response('Not found', { status: 404 });
    return net.fetch(pathToFileURL(path).toString());
  });
}
