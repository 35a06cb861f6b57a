/**
 * Names people tell apart by eye (workspaces, voice agents, key nicknames) normalised before they
 * are stored or compared: NFC, no bidi embedding/override/isolate controls (U+202A–U+202E,
 * U+2066–U+2069), no zero-width characters (U+200B–U+200D, U+FEFF), spaces collapsed. Otherwise
 * "Acme", "Acme\u200B" and "\u2066Acme" are three workspaces that all display as "Acme", and an
 * unclosed U+202E reverses the rest of a table row (Unicode TR36 §2, UTS #39).
 */

const INVISIBLE = /[\u200b-\u200d\ufeff\u202a-\u202e\u2066-\u2069]/g;

/** The name as it is stored and compared. */
export function normalName(name: string): string {
  return name.normalize('NFC').replace(INVISIBLE, '').trim().replace(/\s+/g, ' ');
}
