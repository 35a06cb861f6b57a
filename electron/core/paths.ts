/** Where Switchboard keeps its data: the same folder for the desktop app and the CLI. */
import { homedir } from 'node:os';
import { join } from 'node:path';

/** The app's data folder (Electron's userData for the product name), or SWITCHBOARD_DATA_DIR. */
export function defaultDataDir(
  env: Readonly<Record<string, string | undefined>> = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  if (env.SWITCHBOARD_DATA_DIR) return env.SWITCHBOARD_DATA_DIR;
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Switchboard');
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Switchboard');
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'Switchboard');
}

/** The database file inside a data folder. */
export const dbFile = (dataDir: string): string => join(dataDir, 'switchboard.db');
