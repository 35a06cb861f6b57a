import { describe, expect, it } from 'vitest';
import { newKdfParams, parseKdfParams } from '../../../../electron/core/vault/kdf';

const ours = newKdfParams();
const stored = (change: Record<string, unknown>): string => JSON.stringify({ ...ours, ...change });

describe('scrypt parameters read back from the vault row', () => {
  it('accepts the parameters Switchboard writes', () => {
    expect(parseKdfParams(JSON.stringify(ours))).toEqual(ours);
    expect(parseKdfParams(stored({ N: 2 ** 20, r: 8, p: 2 }))).toMatchObject({ N: 2 ** 20, r: 8, p: 2 });
  });

  it('refuses an edited row that would make unlock allocate without limit', () => {
    for (const change of [
      { N: 2 ** 30 },
      { N: 2 ** 23 },
      { N: 3000 },
      { N: 2 ** 10 },
      { r: 33 },
      { r: 0 },
      { p: 17 },
      { p: 1.5 },
      { N: 2 ** 21, r: 8 },
      { N: 2 ** 20, r: 8, p: 16 },
    ]) {
      expect(() => parseKdfParams(stored(change)), JSON.stringify(change)).toThrowError(
        expect.objectContaining({
          code: 'TAMPERED',
          message: 'The vault’s passphrase settings were altered on disk; the vault cannot be opened.',
        }),
      );
    }
  });

  it('refuses a row that is not parameters at all', () => {
    for (const text of [null, '', '{not json', '[]', '{"alg":"argon2id"}', stored({ salt: 'short' })]) {
      expect(() => parseKdfParams(text), String(text)).toThrowError(expect.objectContaining({ code: 'TAMPERED' }));
    }
  });
});
