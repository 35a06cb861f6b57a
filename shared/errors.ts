/** Stable error codes that cross every boundary (IPC, CLI) and become one clear sentence. */
export const ERROR_CODES = [
  'INVALID_INPUT',
  'NOT_FOUND',
  'CONFLICT',
  'VAULT_LOCKED',
  'KEYCHAIN_UNAVAILABLE',
  'WRONG_PASSPHRASE',
  'TAMPERED',
  'PROVIDER_AUTH',
  'PROVIDER_UNREACHABLE',
  'RATE_LIMITED',
  'NO_CREDENTIAL',
  'ONBOARDING_INCOMPLETE',
  'FORBIDDEN',
  'DB_TOO_NEW',
  'STORAGE',
  'INTERNAL',
] as const;

/** One of the stable error codes. */
export type ErrorCode = (typeof ERROR_CODES)[number];

/** The error shape every handler returns: a code and a sentence that never holds a secret. */
export interface ErrorInfo {
  readonly code: ErrorCode;
  readonly message: string;
}

/** What every IPC handler and core use-case returns across a boundary. */
export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ErrorInfo };

/** An error carrying a stable code; its message is shown to people as is. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

/** Default sentence for each code, used when nothing more specific is known. */
export const ERROR_SENTENCES: Readonly<Record<ErrorCode, string>> = {
  INVALID_INPUT: 'That input is not valid.',
  NOT_FOUND: 'That item does not exist.',
  CONFLICT: 'That conflicts with something that already exists.',
  VAULT_LOCKED: 'The vault is locked: unlock it to use stored keys.',
  KEYCHAIN_UNAVAILABLE: 'The system keychain is not available; Switchboard needs a passphrase instead.',
  WRONG_PASSPHRASE: 'That passphrase is not correct.',
  TAMPERED: 'This stored secret was altered on disk and cannot be opened; enter it again.',
  PROVIDER_AUTH: 'The provider rejected the key.',
  PROVIDER_UNREACHABLE: 'The provider could not be reached; the key stays unverified.',
  RATE_LIMITED: 'The provider is rate-limiting requests; try again shortly.',
  NO_CREDENTIAL: 'No usable key is configured for this.',
  ONBOARDING_INCOMPLETE: 'Onboarding is not complete for this workspace.',
  FORBIDDEN: 'That is not allowed.',
  DB_TOO_NEW: 'This data was written by a newer Switchboard; update the app to open it.',
  STORAGE: 'Switchboard could not write its data to disk; nothing was saved.',
  INTERNAL: 'Something went wrong inside Switchboard.',
};

/** Shorthand for a successful result. */
export const ok = <T>(value: T): Result<T> => ({ ok: true, value });

/** Shorthand for a failed result. */
export const fail = (code: ErrorCode, message?: string): Result<never> => ({
  ok: false,
  error: { code, message: message ?? ERROR_SENTENCES[code] },
});

/** Turns anything thrown into an ErrorInfo without leaking internals or secrets. */
export function toErrorInfo(err: unknown): ErrorInfo {
  if (err instanceof AppError) return { code: err.code, message: err.message };
  return { code: 'INTERNAL', message: ERROR_SENTENCES.INTERNAL };
}

/** Compile-time exhaustiveness check for switches. */
export function assertNever(x: never): never {
  throw new Error(`Unexpected value: ${String(x)}`);
}
