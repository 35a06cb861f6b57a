/** The decisions behind window hardening, as plain functions so they are tested without Electron. */

/** The renderer's Content-Security-Policy, sent as a header (the page carries the same as a meta tag). */
export const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  // A call's recording plays from a blob URL made of the WAV the calls:recording channel returned.
  'media-src blob:',
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

/** Scheme, host and port of a URL; custom schemes have an opaque WHATWG origin, so compare parts. */
function originParts(url: string): string | null {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return null;
  }
}

/** True when `url` is exactly the app's own origin (not a look-alike such as app://switchboard.evil). */
export function isAppUrl(url: string, appOrigin: string): boolean {
  const parts = originParts(url);
  return parts !== null && parts === originParts(appOrigin);
}

/** Only https: links may leave the app for the operator's browser. */
export function isSafeExternalUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' && !parsed.username && !parsed.password;
  } catch {
    return false;
  }
}

/** What the IPC trust check needs to know about a call's sender. */
export interface SenderFacts {
  /** The sender is our main window's web contents. */
  readonly fromOurWindow: boolean;
  /** The calling frame is that window's top frame (not an iframe). */
  readonly fromTopFrame: boolean;
  /** The calling frame's URL. */
  readonly frameUrl: string | null;
}

/** True when an IPC call comes from our own window's top frame at our own origin. */
export function isTrustedSenderFacts(facts: SenderFacts, appOrigin: string): boolean {
  return facts.fromOurWindow && facts.fromTopFrame && facts.frameUrl !== null && isAppUrl(facts.frameUrl, appOrigin);
}

/** What a permission request says about itself (Electron's handler details, the parts that matter). */
export interface PermissionAsk {
  readonly permission: string;
  /** The frame asking. */
  readonly requestingUrl: string | null;
  /** For `media`: which devices (Electron's `mediaTypes`). */
  readonly mediaTypes?: readonly string[];
}

/**
 * The one permission the app grants: the microphone, asked by its own page, for Talk (the console's
 * test call to an agent). Never the camera, never the screen, never any other origin; everything
 * else is refused.
 */
export function mayGrant(ask: PermissionAsk, appOrigin: string): boolean {
  if (ask.requestingUrl === null || !isAppUrl(ask.requestingUrl, appOrigin)) return false;
  if (ask.permission !== 'media') return false;
  const types = ask.mediaTypes ?? [];
  return types.length > 0 && types.every((type) => type === 'audio');
}
