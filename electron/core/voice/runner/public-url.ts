/**
 * The rule for the public base URL carriers reach the media server at (docs/ARCHITECTURE.md, Flows):
 * https, or plain http only for a loopback host (local simulators and tests); no credentials,
 * query or fragment. Stream URLs are the same URL with https→wss (http→ws).
 */
import { AppError } from '../../../../shared/errors';

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/** The public base URL without a trailing slash, or INVALID_INPUT in one sentence. */
export function checkPublicUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new AppError('INVALID_INPUT', 'The public URL is not a URL: write it like https://calls.example.com.');
  }
  if (url.username || url.password || url.search || url.hash)
    throw new AppError('INVALID_INPUT', 'The public URL must have no user name, password, query or fragment.');
  if (url.protocol === 'http:' && !LOOPBACK.test(url.hostname))
    throw new AppError(
      'INVALID_INPUT',
      'The public URL must be https: carriers only stream to wss://, and plain http is kept for this machine (localhost) alone.',
    );
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new AppError('INVALID_INPUT', 'The public URL must be an https:// address.');
  return url.toString().replace(/\/+$/, '');
}

/** The WebSocket form of a checked public URL (https→wss, http→ws). */
export function toSocketUrl(base: string): string {
  return base.replace(/^http/, 'ws');
}
