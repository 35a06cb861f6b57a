/**
 * A carrier is one object (electron/core/voice/carriers/carrier.ts, docs/ARCHITECTURE.md "Rooms"):
 * the placed call, its wiring and books, the media server and the call session never ask which
 * carrier a call goes through. Their string literals are read with the TypeScript parser, so a
 * comment that names Twilio is fine and `carrier === 'twilio'` is not.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { CARRIER_IDS } from '../../../electron/core/voice/types';

const voice = join(__dirname, '..', '..', '..', 'electron', 'core', 'voice');

/** The files that must not know one carrier from another, relative to electron/core/voice. */
const CARRIER_BLIND = [
  'runner/media-server.ts',
  ...readdirSync(join(voice, 'call')).map((name) => `call/${name}`),
  ...readdirSync(join(voice, 'session')).map((name) => `session/${name}`),
].filter((file) => file.endsWith('.ts'));

/** Every string and template literal of a source that names a carrier of the catalog. */
function carrierLiterals(source: string): string[] {
  const ids = new Set<string>(CARRIER_IDS);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && ids.has(node.text.toLowerCase())) found.push(node.text);
    ts.forEachChild(node, visit);
  };
  visit(ts.createSourceFile('file.ts', source, ts.ScriptTarget.Latest, true));
  return found;
}

describe('carriers', () => {
  it('are never named in the placed call, its wiring and books, the media server or the call session', () => {
    expect(CARRIER_BLIND).toEqual(
      expect.arrayContaining([
        'call/placed-call.ts',
        'runner/media-server.ts',
        'session/call-session.ts',
        'call/books.ts',
        'call/wiring.ts',
      ]),
    );
    const named = CARRIER_BLIND.map((file) => ({ file, literals: carrierLiterals(readFileSync(join(voice, file), 'utf8')) }));
    expect(named.filter((entry) => entry.literals.length > 0)).toEqual([]);
  });

  it('finds a comparison with a carrier id, and lets a comment name one', () => {
    expect(carrierLiterals("const codec = carrier === 'twilio' ? a : b;")).toEqual(['twilio']);
    expect(carrierLiterals('if (id !== "exotel") return;')).toEqual(['exotel']);
    expect(carrierLiterals("// Twilio's 'twilio' route\nconst x = 1;")).toEqual([]);
  });

  it('has one object per catalog entry, each owning its codec', async () => {
    const { CARRIERS } = await import('../../../electron/core/voice/carriers/catalog');
    for (const id of CARRIER_IDS) {
      expect(CARRIERS[id].id).toBe(id);
      expect(CARRIERS[id].codec.carrier).toBe(id);
    }
  });
});
