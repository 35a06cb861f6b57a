import { describe, expect, it } from 'vitest';
import { visible, visibleDeep } from '../../../shared/visible';

describe('visible', () => {
  it('writes escape sequences, OSC 52 and bidi controls out as text, keeping tabs, newlines and ordinary scripts', () => {
    expect(visible('\x1b[2J\x1b]0;pwned\x07')).toBe('\\u001b[2J\\u001b]0;pwned\\u0007');
    expect(visible('\x1b]52;c;cHduZWQ=\x07')).toBe('\\u001b]52;c;cHduZWQ=\\u0007');
    expect(visible('Acme\u202e Dental\u2066')).toBe('Acme\\u202e Dental\\u2066');
    expect(visible('\u009b2J\r\x7f')).toBe('\\u009b2J\\u000d\\u007f');
    expect(visible('a\tb\nनमस्ते 👩‍💻')).toBe('a\tb\nनमस्ते 👩‍💻');
  });

  it('reaches every string of a plain value and leaves the rest alone', () => {
    expect(visibleDeep({ ok: true, value: [{ name: 'x\x1b', n: 3 }], at: null })).toEqual({
      ok: true,
      value: [{ name: 'x\\u001b', n: 3 }],
      at: null,
    });
  });
});
