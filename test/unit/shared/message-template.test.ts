import { describe, expect, it } from 'vitest';
import { parseTemplate, render } from '../../../shared/message-template';

const known = new Set(['first_name', 'last_name', 'company']);

describe('message templates', () => {
  it('fills {{variables}} per contact, with a fallback for an empty value', () => {
    const t = parseTemplate('Hi {{ first_name | there }}, {{company}} says hello.', 'sms', known);
    expect(render(t, { first_name: 'Ada', company: 'Initech' }).body).toBe('Hi Ada, Initech says hello.');
    expect(render(t, { first_name: '  ', company: 'Initech' }).body).toBe('Hi there, Initech says hello.');
  });

  it('reads "Hi {{first_name}}," as "Hi," when there is no name and no fallback', () => {
    expect(render(parseTemplate('Hi {{first_name}}, welcome', 'sms', known), {}).body).toBe('Hi, welcome');
  });

  it('takes an e-mail subject from the first line', () => {
    const t = parseTemplate('Subject: Invoice for {{company}}\n\nDear {{first_name}},\nthanks.\n', 'email', known);
    expect(render(t, { first_name: 'Ada', company: 'Initech' })).toEqual({ subject: 'Invoice for Initech', body: 'Dear Ada,\nthanks.' });
  });

  it('refuses, in one sentence each, what cannot be sent', () => {
    expect(() => parseTemplate('Dear {{first_name}}', 'email', known)).toThrow(
      'An email template starts with a subject line, e.g. “Subject: Your appointment”.',
    );
    expect(() => parseTemplate('Subject: Hello\n\n', 'email')).toThrow('The email template has a subject but no body.');
    expect(() => parseTemplate('Hi {{first_name', 'sms')).toThrow('The message has a “{{” that is never closed with “}}”.');
    expect(() => parseTemplate('Hi {{shoe size!}}', 'sms')).toThrow(/is not a variable name/);
    expect(() => parseTemplate('Hi {{city}} and {{zip}}', 'sms', known)).toThrow(
      'The template uses {{city}}, {{zip}}, which are not columns of the contacts file.',
    );
    expect(() => parseTemplate('   ', 'sms')).toThrow('The SMS template is empty.');
  });
});
