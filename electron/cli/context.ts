/** What every CLI command shares: the core (opened lazily), output mode, and the vault unlock. */
import { visible } from '../../shared/visible';
import { AppError } from '../../shared/errors';
import { MIN_PASSPHRASE_LENGTH } from '../../shared/passphrase';
import { type Core, createCore } from '../core/app';
import { defaultDataDir } from '../core/paths';
import type { KeyStore } from '../core/vault/keychain';
import { promptHidden, readPassphraseFile } from './io';

/** Global options every command accepts. */
export interface GlobalOptions {
  readonly json?: boolean;
  readonly dataDir?: string;
  readonly passphraseFile?: string;
}

/** The running CLI's shared state. */
export interface CliContext {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  /** Writes text to standard output as it is (an export, a document), with no newline added. */
  readonly write: (text: string) => void;
  /** Writes text to standard error as it is (a progress bar redrawn in place). */
  readonly progress: (text: string) => void;
  /** Whether standard error is a terminal, so a progress bar may redraw in place. */
  readonly progressInPlace: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdin: NodeJS.ReadableStream;
  /** Sets the exit code the command ends with (1 when a check failed), without ending it. */
  setExitCode(code: number): void;
  /** The exit code a command set, if any. */
  exitCode(): number | undefined;
  /** The vault passphrase from --passphrase-file, SWITCHBOARD_PASSPHRASE or a prompt. */
  passphrase(purpose: 'create' | 'unlock'): Promise<string>;
  /** A replacement passphrase and its confirmation: read from a file, else prompted for twice. */
  newPassphrase(file?: string): Promise<{ passphrase: string; confirmation: string }>;
  /** Refuses a passphrase given by file or environment that does not open the vault (every command checks, before it acts). */
  checkGivenPassphrase(): Promise<void>;
  /** The core, opened on first use; the vault is not unlocked by this. */
  core(): Core;
  /** The core with the vault unlocked (keychain, or a passphrase from file, env or prompt). */
  unlocked(): Promise<Core>;
  json(): boolean;
  /** Prints a value: JSON in --json mode, else the human form. */
  print(value: unknown, human: () => void): void;
  close(): void;
}

/** Options for building a context (tests pass their own streams and keychain). */
export interface ContextOptions {
  readonly opts: () => GlobalOptions;
  readonly out?: (line: string) => void;
  readonly err?: (line: string) => void;
  readonly write?: (text: string) => void;
  readonly progress?: (text: string) => void;
  readonly progressInPlace?: boolean;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly keyStore?: KeyStore;
  readonly stdin?: NodeJS.ReadableStream;
  /** The core's clock (tests name one; the command itself reads the machine's). */
  readonly now?: () => Date;
}

/** Builds the context. */
export function createContext(options: ContextOptions): CliContext {
  const env = options.env ?? process.env;
  // Everything printed passes through visible(): a nickname, CSV cell or provider answer with an
  // escape sequence or a bidi override shows as text instead of acting on the operator's terminal.
  const rawOut = options.out ?? ((s: string) => process.stdout.write(`${s}\n`));
  const rawErr = options.err ?? ((s: string) => process.stderr.write(`${s}\n`));
  const out = (s: string): void => void rawOut(visible(s));
  const err = (s: string): void => void rawErr(visible(s));
  const rawWrite =
    options.write ??
    (options.out ? (text: string) => options.out?.(text.replace(/\n$/, '')) : (text: string) => void process.stdout.write(text));
  const write = (text: string): void => rawWrite(visible(text));
  // A progress bar redraws itself with control characters of its own: its callers make the data in it visible.
  const progress = options.progress ?? (options.err ? () => undefined : (text: string) => void process.stderr.write(text));
  let exitCode: number | undefined;
  let core: Core | null = null;

  /** A passphrase the operator handed over without being asked: --passphrase-file, else SWITCHBOARD_PASSPHRASE. */
  const given = (): string | undefined => {
    const file = options.opts().passphraseFile;
    if (file) return readPassphraseFile(file);
    return env.SWITCHBOARD_PASSPHRASE || undefined;
  };

  const passphrase = async (purpose: 'create' | 'unlock'): Promise<string> => {
    const handed = given();
    if (handed !== undefined) return handed;
    if (purpose === 'create') {
      const first = await promptHidden(
        `No system keychain is available. Choose a passphrase for the Switchboard vault (at least ${MIN_PASSPHRASE_LENGTH} characters): `,
      );
      const again = await promptHidden('Type it again: ');
      if (first !== again) throw new AppError('INVALID_INPUT', 'The two passphrases differ; nothing was created.');
      return first;
    }
    return promptHidden('Switchboard vault passphrase: ');
  };

  const newPassphrase = async (file?: string): Promise<{ passphrase: string; confirmation: string }> => {
    // A file is written once, on purpose, and can be checked before use: it needs no second copy.
    if (file) {
      const passphrase = readPassphraseFile(file);
      return { passphrase, confirmation: passphrase };
    }
    if (!(ctx.stdin as NodeJS.ReadStream).isTTY)
      throw new AppError(
        'INVALID_INPUT',
        'A new passphrase is needed: pass --new-passphrase-file (no terminal to ask on); nothing was changed.',
      );
    const passphrase = await promptHidden(`New passphrase (at least ${MIN_PASSPHRASE_LENGTH} characters): `);
    const confirmation = await promptHidden('Type the new passphrase again: ');
    return { passphrase, confirmation };
  };

  const ctx: CliContext = {
    out,
    err,
    write,
    progress,
    progressInPlace: options.progressInPlace ?? (options.err ? false : process.stderr.isTTY === true),
    env,
    stdin: options.stdin ?? process.stdin,
    setExitCode(code) {
      exitCode = code;
    },
    exitCode: () => exitCode,
    passphrase,
    newPassphrase,
    async checkGivenPassphrase() {
      const handed = given();
      // A prompted passphrase is only asked for by an unlock, which refuses a wrong one itself.
      if (handed === undefined) return;
      const core = ctx.core();
      if (!core.vault.isUnlocked()) await core.vault.checkPassphrase(handed);
    },
    core() {
      core ??= createCore({
        dataDir: options.opts().dataDir ?? defaultDataDir(env),
        actor: 'cli',
        keyStore: options.keyStore,
        env,
        autoLockMs: 0,
        now: options.now,
      });
      return core;
    },
    async unlocked() {
      const core = ctx.core();
      if (core.vault.isUnlocked()) return core;
      const status = core.vault.status();
      if (!status.initialized) {
        try {
          await core.start();
        } catch (failure) {
          // No keychain; or another process set the vault up in passphrase mode a moment ago (then
          // VAULT_LOCKED), and the same passphrase opens what it created.
          if (!(failure instanceof AppError) || (failure.code !== 'KEYCHAIN_UNAVAILABLE' && failure.code !== 'VAULT_LOCKED')) throw failure;
          const creating = !core.vault.status().initialized;
          const made = await core.start({ passphrase: await passphrase(creating ? 'create' : 'unlock'), preferPassphrase: true });
          if (made.created)
            err('No system keychain: the vault was created in passphrase mode; every later command needs the same passphrase.');
        }
      } else if (status.mode === 'keychain') {
        await core.start();
      } else {
        await core.start({ passphrase: await passphrase('unlock') });
      }
      return core;
    },
    json: () => options.opts().json === true,
    print(value, human) {
      if (ctx.json()) out(JSON.stringify(value, null, 2));
      else human();
    },
    close() {
      core?.close();
      core = null;
    },
  };
  return ctx;
}
