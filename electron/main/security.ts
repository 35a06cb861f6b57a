/** Window hardening: what the renderer may load, open, navigate to and ask for. */
import { type BrowserWindow, type IpcMainInvokeEvent, session, shell, type WebContents } from 'electron';
import { CSP, isAppUrl, isSafeExternalUrl, isTrustedSenderFacts, mayGrant } from './trust';

/** Only https: links leave the app, and they open in the operator's browser. */
export function openExternalSafely(url: string): void {
  if (isSafeExternalUrl(url)) void shell.openExternal(url);
}

/** Applies session-wide rules once: no permission but the app's own microphone (Talk), strict CSP header. */
export function hardenSession(appOrigin: string): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_wc, permission, callback, details) => {
    const mediaTypes = 'mediaTypes' in details ? details.mediaTypes : undefined;
    callback(mayGrant({ permission, requestingUrl: details.requestingUrl ?? null, mediaTypes }, appOrigin));
  });
  // A check names no device; the request that follows is what grants (or refuses) the microphone.
  ses.setPermissionCheckHandler((_wc, permission, requestingOrigin) => permission === 'media' && isAppUrl(requestingOrigin, appOrigin));
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } });
  });
}

/** Denies new windows, navigation away from the app, and webviews for one window. */
export function hardenContents(contents: WebContents, appOrigin: string): void {
  contents.setWindowOpenHandler(({ url }) => {
    openExternalSafely(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url, appOrigin)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url, appOrigin)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** True when an IPC call comes from our own window's top frame at our own origin. */
export function isTrustedSender(event: IpcMainInvokeEvent, win: BrowserWindow | null, appOrigin: string): boolean {
  const frame = event.senderFrame;
  return isTrustedSenderFacts(
    {
      fromOurWindow: win !== null && event.sender === win.webContents,
      fromTopFrame: frame !== null && win !== null && frame === win.webContents.mainFrame,
      frameUrl: frame?.url ?? null,
    },
    appOrigin,
  );
}
