/** Composition root of the desktop app: one instance, one hardened window, the core behind IPC. */
import { app, type BrowserWindow, clipboard, dialog } from 'electron';
import { join } from 'node:path';
import { defaultDataDir } from '../core/paths';
import { bindIpc } from './ipc/bind';
import { createIpcHandlers } from './ipc';
import { checkedEmit } from './ipc/push';
import { registerAppScheme, serveRenderer } from './protocol';
import { hardenSession } from './security';
import { openCore, startupFailureSentence } from './startup';
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

  void app
    .whenReady()
    .then(async () => {
      hardenSession(appOrigin());
      serveRenderer(join(__dirname, '../renderer'));
      // No keychain or a locked one leaves the vault locked (the vault screen resolves it); anything
      // else, such as data from a newer Switchboard, rejects and ends in the dialog below.
      const core = await openCore({
        dataDir: process.env.SWITCHBOARD_DATA_DIR ?? app.getPath('userData') ?? defaultDataDir(),
        actor: 'console',
      });
      core.credentials.setClipboard({ writeText: (t) => clipboard.writeText(t), readText: () => clipboard.readText() });
      const send = (event: string, payload: unknown): void => win?.webContents.send(event, payload);
      const emit = checkedEmit(send);
      core.vault.onChange(() => emit('event:vault', core.vault.status()));
      bindIpc(createIpcHandlers({ core, actor: 'console', emit: send }), () => win, appOrigin());
      const recheck = setInterval(() => void core.checks.recheckDue().catch(() => undefined), 60_000);
      recheck.unref();
      win = createWindow();
      let closing = false;
      app.on('before-quit', (event) => {
        if (closing) return;
        // Let in-flight sends settle so their outcome is recorded before the database closes.
        event.preventDefault();
        closing = true;
        // Voice campaigns stop dialling; the runner hangs up live calls so their outcomes are stored too.
        void Promise.all([core.campaigns.drain(), core.voiceCampaigns.drain(), core.voice.stop('console'), core.voice.talks.endAll()])
          // Ended calls whose results are still being extracted are waited for (each is bounded).
          .then(() => core.extractor.drain())
          .catch(() => undefined)
          .finally(() => {
            core.close();
            app.quit();
          });
      });
    })
    .catch((err: unknown) => {
      // Without this a failed start is an unhandled rejection: no window, no word, a process left running.
      dialog.showErrorBox('Switchboard cannot start', startupFailureSentence(err));
      app.exit(1);
    });

  app.on('window-all-closed', () => app.quit());
}
