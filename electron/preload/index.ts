/**
 * The sandboxed preload: exposes `window.switchboard` with one named function per contract
 * channel (`switchboard.credentials.add(input)`), and `on(event)` for main's pushes.
 * No channel string, ipcRenderer or Node object reaches the page.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { CHANNEL_NAMES, EVENT_NAMES } from '../../shared/ipc/names';

const api: Record<string, unknown> = {};
for (const channel of CHANNEL_NAMES) {
  const [domain, verb] = channel.split(':') as [string, string];
  const group = (api[domain] ??= {}) as Record<string, unknown>;
  group[verb] = (input: unknown) => ipcRenderer.invoke(channel, input);
}
api.on = (event: string, listener: (payload: unknown) => void) => {
  if (!(EVENT_NAMES as readonly string[]).includes(event)) return () => undefined;
  const wrapped = (_e: unknown, payload: unknown): void => listener(payload);
  ipcRenderer.on(event, wrapped);
  return () => ipcRenderer.removeListener(event, wrapped);
};
contextBridge.exposeInMainWorld('switchboard', api);
