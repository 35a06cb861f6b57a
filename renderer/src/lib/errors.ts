/** Turns an error value from main into the one clear sentence an operator reads. */
import { ERROR_SENTENCES, type ErrorCode, type ErrorInfo } from '../../../shared/errors';

/** The sentence to show: the specific message from main when there is one, else the code's default. */
export function errorSentence(error: ErrorInfo): string {
  const text = error.message.trim() || ERROR_SENTENCES[error.code] || ERROR_SENTENCES.INTERNAL;
  return /[.!?…)]$/.test(text) ? text : `${text}.`;
}

/** What the operator can do next about an error, if anything obvious. */
export type ErrorRemedy = 'unlock' | 'retry' | null;

/** Suggests the obvious next step for a code: unlock the vault, or simply try again. */
export function remedyOf(code: ErrorCode): ErrorRemedy {
  switch (code) {
    case 'VAULT_LOCKED':
    case 'KEYCHAIN_UNAVAILABLE':
    case 'WRONG_PASSPHRASE':
      return 'unlock';
    case 'PROVIDER_UNREACHABLE':
    case 'RATE_LIMITED':
    case 'INTERNAL':
      return 'retry';
    default:
      return null;
  }
}
