/** The clipboard port: the Electron main process provides one; the CLI has none. */

/** Something that can hold text for the operator to paste. */
export interface Clipboard {
  writeText(text: string): Promise<void> | void;
  readText(): Promise<string> | string;
}

/** How long a copied secret stays on the clipboard. */
export const CLIPBOARD_CLEAR_MS = 30_000;

/** Writes text and clears it after `ms`, unless the operator copied something else meanwhile. */
export async function copyWithExpiry(clipboard: Clipboard, text: string, ms: number = CLIPBOARD_CLEAR_MS): Promise<void> {
  await clipboard.writeText(text);
  const timer = setTimeout(() => {
    void (async () => {
      try {
        if ((await clipboard.readText()) === text) await clipboard.writeText('');
      } catch {
        // The clipboard went away (app quitting): nothing left to clear from here.
      }
    })();
  }, ms);
  timer.unref();
}
