import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openText, SCHEME_AES256GCM_V1, sealText } from '../../../../electron/core/vault/seal';

const key = randomBytes(32);

describe('seal', () => {
  it('opens what it sealed with the same key and row', () => {
    const sealed = sealText(key, 'sk-ant-secret', 'credential:a:v1');
    expect(openText(key, sealed, 'credential:a:v1')).toBe('sk-ant-secret');
  });

  it('tags every ciphertext with its scheme and never repeats a nonce', () => {
    const a = sealText(key, 'same', 'row');
    const b = sealText(key, 'same', 'row');
    expect(a[0]).toBe(SCHEME_AES256GCM_V1);
    expect(a.subarray(1, 13).equals(b.subarray(1, 13))).toBe(false);
    expect(a.includes(Buffer.from('same'))).toBe(false);
  });

  it('refuses a ciphertext moved to another row', () => {
    const sealed = sealText(key, 'secret', 'credential:a:v1');
    expect(() => openText(key, sealed, 'credential:b:v1')).toThrowError(expect.objectContaining({ code: 'TAMPERED' }));
    expect(() => openText(key, sealed, 'credential:a:v2')).toThrowError(expect.objectContaining({ code: 'TAMPERED' }));
  });

  it('refuses any single flipped byte anywhere in the blob', () => {
    const sealed = sealText(key, 'a secret worth protecting', 'row');
    for (let i = 0; i < sealed.length; i++) {
      const copy = Buffer.from(sealed);
      copy[i] = (copy[i] ?? 0) ^ 0x01;
      expect(() => openText(key, copy, 'row')).toThrowError(expect.objectContaining({ code: 'TAMPERED' }));
    }
  });

  it('refuses another key and truncated input', () => {
    const sealed = sealText(key, 'secret', 'row');
    expect(() => openText(randomBytes(32), sealed, 'row')).toThrowError(expect.objectContaining({ code: 'TAMPERED' }));
    expect(() => openText(key, sealed.subarray(0, 10), 'row')).toThrowError(expect.objectContaining({ code: 'TAMPERED' }));
  });
});
