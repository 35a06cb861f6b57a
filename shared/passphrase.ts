/** The rule a new vault passphrase must meet: the core enforces it, the console and CLI state it. */

/** Fewest characters a new passphrase may have: scrypt slows guessing, length does the rest. */
export const MIN_PASSPHRASE_LENGTH = 12;

/** The rule in one sentence, as the operator reads it. */
export const PASSPHRASE_RULE = `A passphrase must be at least ${MIN_PASSPHRASE_LENGTH} characters long; a few unrelated words are easier to type and harder to guess than a short password.`;

/** Why a new passphrase and its confirmation cannot be used, or null when they can. Never echoes either. */
export function newPassphraseProblem(passphrase: string, confirmation: string): string | null {
  if ([...passphrase.normalize('NFC')].length < MIN_PASSPHRASE_LENGTH)
    return `The passphrase must be at least ${MIN_PASSPHRASE_LENGTH} characters long.`;
  // The key is derived from the NFC form, so two spellings of the same text are the same passphrase.
  if (passphrase.normalize('NFC') !== confirmation.normalize('NFC')) return 'The two passphrases differ.';
  return null;
}
