import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readContacts } from '../../../../electron/core/messaging/contacts';

const none = (): Map<string, string> => new Map();
const read = (
  text: string | Buffer,
  opts: { channel?: 'sms' | 'email'; exclusions?: (a: readonly string[]) => Map<string, string> } = {},
) =>
  readContacts(Readable.from([typeof text === 'string' ? Buffer.from(text) : text]), {
    channel: opts.channel ?? 'sms',
    defaultCountry: 'US',
    exclusions: opts.exclusions ?? none,
  });

describe('reading a contact CSV', () => {
  it('matches headers case-insensitively with their aliases and keeps other columns as variables', async () => {
    const r = await read('MOBILE,FirstName,Last Name,Time Zone,Company\n(415) 555-2671,Ada,Lovelace,Europe/London,Analytical\n');
    expect(r.contacts).toEqual([
      {
        line: 2,
        address: '+14155552671',
        name: 'Ada Lovelace',
        zone: 'Europe/London',
        vars: expect.objectContaining({ first_name: 'Ada', last_name: 'Lovelace', company: 'Analytical', phone: '+14155552671' }),
      },
    ]);
    expect(r.columns.variables.has('company')).toBe(true);
  });

  it('reports every rejected row with its line and reason, and merges duplicates into the first', async () => {
    const csv = [
      'phone,first_name,timezone,country',
      '+14155552671,,America/New_York,',
      'nope,Bob,,',
      '(415) 555-2671,Ada,,',
      '+447400123456,Cy,Mars/Olympus,',
      '07400 123457,Dee,,XX',
      '07400 123458,Eve,,GB',
    ].join('\r\n');
    const r = await read(csv);
    expect(r.contacts.map((c) => [c.line, c.address, c.vars.first_name, c.zone])).toEqual([
      [2, '+14155552671', 'Ada', 'America/New_York'],
      [7, '+447400123458', 'Eve', '@GB'],
    ]);
    expect(r.issues).toEqual([
      { line: 3, kind: 'rejected', reason: '“nope” is not a phone number' },
      { line: 4, kind: 'merged', reason: 'same number as line 2' },
      { line: 5, kind: 'rejected', reason: '“Mars/Olympus” is not a time zone (use a name such as Europe/London)' },
      { line: 6, kind: 'rejected', reason: '“XX” is not a country code (use two letters such as GB)' },
    ]);
  });

  it('excludes rows on a do-not-contact list, saying which', async () => {
    const exclusions = (a: readonly string[]) => new Map(a.filter((x) => x === '+14155552671').map((x) => [x, 'opted out']));
    const r = await read('phone\n+14155552671\n+14155552672\n', { exclusions });
    expect(r.contacts.map((c) => c.address)).toEqual(['+14155552672']);
    expect(r.issues).toEqual([{ line: 2, kind: 'excluded', reason: 'opted out' }]);
  });

  it('reads a semicolon-separated file with a byte-order mark, and an e-mail list', async () => {
    expect((await read('\uFEFFPhone;First_Name\n+14155552671;Ada\n')).contacts[0]?.vars.first_name).toBe('Ada');
    const r = await read('Email,Country\nADA@Example.com,GB\nnot-an-email,GB\n', { channel: 'email' });
    expect(r.contacts.map((c) => [c.address, c.zone])).toEqual([['ada@example.com', '@GB']]);
    expect(r.issues[0]).toEqual({ line: 3, kind: 'rejected', reason: '“not-an-email” is not an e-mail address' });
  });

  it('refuses a file that is not a readable contact CSV with one sentence', async () => {
    await expect(read('')).rejects.toThrow('The contacts file is empty.');
    await expect(read('phone\n')).rejects.toThrow('The contacts file has a header line but no contacts.');
    await expect(read('name,city\nAda,London\n')).rejects.toThrow(
      'The contacts file has no phone column (phone, mobile or phone_number) in its first line, which reads “name”, “city”.',
    );
    await expect(read('phone,mobile\n1,2\n')).rejects.toThrow('The contacts file has two phone columns (“phone” and “mobile”); keep one.');
    await expect(read('phone,first_name\n+14155552671,"Ada\n')).rejects.toThrow(
      /^The contacts file has a quoted field that is never closed/,
    );
    await expect(read(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00]))).rejects.toThrow(
      'The contacts file is not a text CSV file (it contains binary data).',
    );
    await expect(read(Buffer.from('phone,first_name\n+14155552671,Jos\xe9\n', 'latin1'))).rejects.toThrow(
      'The contacts file is not UTF-8 text: save it as “CSV UTF-8” and import it again.',
    );
  });

  it('reads more than one batch in file order, normalising numbers in the worker pool', async () => {
    const rows = Array.from({ length: 2500 }, (_, i) => `+1415${String(2_000_000 + i).padStart(7, '0')},P${i}`);
    const r = await read(['phone,first_name', ...rows, rows[10]].join('\n'));
    expect(r.contacts).toHaveLength(2500);
    expect(r.contacts.map((c) => c.line)).toEqual(Array.from({ length: 2500 }, (_, i) => i + 2));
    expect(r.issues).toEqual([{ line: 2502, kind: 'merged', reason: 'same number as line 12' }]);
  });
});
