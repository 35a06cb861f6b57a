/** Binds every contract channel to ipcMain behind the trusted-sender check. */
import { type BrowserWindow, ipcMain } from 'electron';
import { CHANNELS } from '../../../shared/ipc/contract';
import { isTrustedSender } from '../security';
import type { IpcHandler } from './handler';

/** Registers the handlers; calls from any other frame or origin get FORBIDDEN. */
export function bindIpc(handlers: Readonly<Record<string, IpcHandler>>, getWindow: () => BrowserWindow | null, appOrigin: string): void {
  for (const channel of CHANNELS) {
    const handler = handlers[channel];
    if (!handler) throw new Error(`no handler for ${channel}`);
    ipcMain.handle(channel, (event, raw: unknown) => {
      if (!isTrustedSender(event, getWindow(), appOrigin)) {
        return { ok: false, error: { code: 'FORBIDDEN', message: 'That request did not come from the Switchboard window.' } };
      }
      return handler(raw);
    });
  }
}
