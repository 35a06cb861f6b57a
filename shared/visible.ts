/**
 * Text from outside (CSV cells, key nicknames, agent names, bundle contents, provider answers) made
 * safe to show: every control character but tab and newline, and every bidi embedding, override and
 * isolate control, becomes visible `\uXXXX` text. A terminal then cannot be told to clear the
 * screen, retitle itself or write the clipboard (ESC sequences, OSC 52), and an unclosed U+202E
 * cannot reverse the rest of a line (Trojan Source, CVE-2021-42574). Renderer-safe: no Node imports.
 */

// C0 but \t and \n; DEL; C1 (U+0080–U+009F: 8-bit CSI/OSC); bidi U+202A–U+202E and U+2066–U+2069.
// eslint-disable-next-line no-control-regex -- matching control characters is this regex's job
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** The text with its control and bidi characters written out as `\uXXXX`. */
export function visible(text: string): string {
  return text.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Every string inside a plain value (objects, arrays) passed through `visible`; anything else as it was. */
export function visibleDeep<T>(value: T): T {
  if (typeof value === 'string') return visible(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => visibleDeep(v)) as T;
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = visibleDeep(v);
    return out as T;
  }
  return value;
}
