/**
 * SMS segment counting (3GPP TS 23.038). A text is GSM-7 when every character is in the basic
 * table or its extension (extension characters take two septets: ESC + char); otherwise the
 * whole text goes as UCS-2. One segment holds 160 septets / 70 UTF-16 units; a concatenated
 * message loses room to the user-data header: 153 septets / 67 units per segment, and neither
 * an escape pair nor a surrogate pair is split across two segments.
 */

const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENSION = '\f^{}\\[~]|€';

const BASIC = new Set(GSM_BASIC);
const EXTENSION = new Set(GSM_EXTENSION);

/** How a text travels as SMS. */
export interface SegmentInfo {
  readonly encoding: 'GSM-7' | 'UCS-2';
  /** Septets (GSM-7) or UTF-16 code units (UCS-2). */
  readonly units: number;
  readonly segments: number;
  /** Room per segment at this length: 160/153 or 70/67. */
  readonly perSegment: number;
  /** Characters that forced UCS-2 (e.g. a curly quote), first few, for the preview. */
  readonly nonGsm: readonly string[];
}

/** Packs per-character costs into segments of `size` without splitting a character. */
function pack(costs: readonly number[], size: number): number {
  let segments = 1;
  let used = 0;
  for (const c of costs) {
    if (used + c > size) {
      segments += 1;
      used = 0;
    }
    used += c;
  }
  return segments;
}

// Printable ASCII that GSM-7 encodes in one septet (no backtick; ^ { } [ ] ~ | \\ are extension
// characters): most messages are only these, and then the length is the septet count.
const PLAIN_GSM = /^[A-Za-z0-9 \n\r!"#$%&'()*+,\-./:;<=>?@_]*$/;

/** Segments, encoding and length of an SMS body. */
export function countSegments(text: string): SegmentInfo {
  if (PLAIN_GSM.test(text)) {
    const units = text.length;
    return units <= 160
      ? { encoding: 'GSM-7', units, segments: 1, perSegment: 160, nonGsm: [] }
      : { encoding: 'GSM-7', units, segments: Math.ceil(units / 153), perSegment: 153, nonGsm: [] };
  }
  const chars = [...text];
  const nonGsm: string[] = [];
  for (const ch of chars) {
    if (!BASIC.has(ch) && !EXTENSION.has(ch) && !nonGsm.includes(ch)) nonGsm.push(ch);
  }
  if (nonGsm.length === 0) {
    const costs = chars.map((ch) => (EXTENSION.has(ch) ? 2 : 1));
    const units = costs.reduce((a, b) => a + b, 0);
    if (units <= 160) return { encoding: 'GSM-7', units, segments: 1, perSegment: 160, nonGsm };
    return { encoding: 'GSM-7', units, segments: pack(costs, 153), perSegment: 153, nonGsm };
  }
  const costs = chars.map((ch) => ch.length);
  const units = text.length;
  const shown = nonGsm.slice(0, 5);
  if (units <= 70) return { encoding: 'UCS-2', units, segments: 1, perSegment: 70, nonGsm: shown };
  return { encoding: 'UCS-2', units, segments: pack(costs, 67), perSegment: 67, nonGsm: shown };
}
