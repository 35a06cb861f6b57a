/** Composition root of the desktop app: one instance, one hardened window, the core behind IPC. */
import { app, type BrowserWindow, clipboard } from 'electron';
import { join } from 'node:path';
import { createCore } from '../core/app';
import { defaultDataDir } from '../core/paths';
import { bindIpc } from './ipc/bind';
import { createIpcHandlers } from './ipc';
import { registerAppScheme, serveRenderer } from './protocol';
import { hardenSession } from './security';
import { appOrigin, createWindow } from './window';

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let win: BrowserWindow | null = null;
  app.on('second-instance', () => {
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });
  app.enableSandbox();
  registerAppScheme();

  void app.whenReady().then(async () => {
    hardenSession();
    serveRenderer(join(__dirname, '../renderer'));
    const core = createCore({ dataDir: process.env.SWITCHBOARD_DATA_DIR ?? app.getPath('userData') ?? defaultDataDir(), actor: 'console' });
    core.credentials.setClipboard({ writeText: (t) => clipboard.writeText(t), readText: () => clipboard.readText() });
    try {
      await core.start();
    } catch {
      // Passphrase mode, or a keychain that needs the passphrase: the vault screen asks for it.
    }
    const emit = (event: string, payload: unknown): void => win?.webContents.send(event, payload);
    core.vault.onChange(() => emit('event:vault', core.vault.status()));
    bindIpc(createIpcHandlers({ core, actor: 'console', emit }), () => win, appOrigin());
    const recheck = setInterval(() => void core.checks.recheckDue().catch(() => undefined), 60_000);
    recheck.unref();
    win = createWindow();
    let closing = false;
    app.on('before-quit', (event) => {
      if (closing) return;
      // Let in-flight sends settle so their outcome is recorded before the database closes.
      event.preventDefault();
      closing = true;
      void core.campaigns
        .drain()
        .catch(() => undefined)
        .finally(() => {
          core.close();
          app.quit();
        });
    });
  });

  app.on('window-all-closed', () => app.quit());
}
