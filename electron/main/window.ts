/** The main window: sandboxed, isolated, no Node in the renderer. */
import { BrowserWindow } from 'electron';
import { join } from 'node:path';
// Copied into out/main by electron-vite and resolved from __dirname, so the path holds in dev and inside the asar.
import icon from '../../resources/icon.png?asset';
import { APP_ORIGIN } from './protocol';
import { hardenContents } from './security';

/** Where the renderer is served from: the dev server in development, app:// when built. */
export function rendererUrl(): string {
  return process.env.ELECTRON_RENDERER_URL ?? `${APP_ORIGIN}/index.html`;
}

/** The origin IPC senders and navigations are checked against. */
export function appOrigin(): string {
  return new URL(rendererUrl()).origin === 'null' ? APP_ORIGIN : new URL(rendererUrl()).origin;
}

/** Creates the main window. */
export function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 1024,
    minHeight: 700,
    show: false,
    title: 'Switchboard',
    backgroundColor: '#0f1115',
    // macOS takes the icon from the app bundle (icon.icns); Linux and Windows need it on the window.
    ...(process.platform === 'darwin' ? {} : { icon }),
    webPreferences: {
      preload: join(__dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  hardenContents(win.webContents, appOrigin());
  win.once('ready-to-show', () => win.show());
  void win.loadURL(rendererUrl());
  return win;
}
