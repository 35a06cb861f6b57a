import { describe, expect, it } from 'vitest';
import { normaliseEmail, normalisePhone } from '../../../../electron/core/messaging/address';

describe('recipient addresses', () => {
  it('normalises numbers written every usual way to E.164', () => {
    for (const raw of ['(415) 555-2671', '415.555.2671', '+1 415 555 2671', '001 415 555 2671', '+14155552671'])
      expect(normalisePhone(raw, 'US')).toEqual({ ok: true, e164: '+14155552671', country: 'US' });
    expect(normalisePhone('098765 43210', 'IN')).toMatchObject({ ok: true, e164: '+919876543210', country: 'IN' });
    expect(normalisePhone('07400 123456', 'GB')).toMatchObject({ ok: true, e164: '+447400123456' });
  });

  it('says why a value is not a number it can send to', () => {
    expect(normalisePhone('', 'US')).toEqual({ ok: false, reason: 'no phone number' });
    expect(normalisePhone('call me', 'US')).toEqual({ ok: false, reason: '“call me” is not a phone number' });
    expect(normalisePhone('415 555 2671', null)).toEqual({
      ok: false,
      reason: '415 555 2671 has no country code and no default country is set',
    });
    expect(normalisePhone('+1 415 555', 'US')).toEqual({ ok: false, reason: '+1 415 555 is not a valid US number' });
    // Max metadata knows the UK's 020 numbers are fixed lines: no SMS.
    expect(normalisePhone('020 7946 0018', 'GB', { sms: true })).toEqual({
      ok: false,
      reason: '+442079460018 is a landline and cannot receive SMS',
    });
    expect(normalisePhone('020 7946 0018', 'GB')).toMatchObject({ ok: true, e164: '+442079460018' });
  });

  it('lower-cases e-mail addresses and refuses what is plainly not one', () => {
    expect(normaliseEmail(' Ada@Example.COM ')).toEqual({ ok: true, email: 'ada@example.com' });
    expect(normaliseEmail('ada@example')).toEqual({ ok: false, reason: '“ada@example” is not an e-mail address' });
    expect(normaliseEmail('ada@@example.com').ok).toBe(false);
    expect(normaliseEmail('a..b@example.com').ok).toBe(false);
  });
});
