import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CSP, isAppUrl, isSafeExternalUrl, isTrustedSenderFacts, mayGrant } from '../../../electron/main/trust';

const APP = 'app://switchboard';

describe('window trust decisions', () => {
  it('accepts only the app’s exact origin, not a look-alike', () => {
    expect(isAppUrl('app://switchboard/index.html', APP)).toBe(true);
    expect(isAppUrl('app://switchboard.evil/index.html', APP)).toBe(false);
    expect(isAppUrl('app://switchboardx/', APP)).toBe(false);
    expect(isAppUrl('https://switchboard/', APP)).toBe(false);
    expect(isAppUrl('file:///etc/passwd', APP)).toBe(false);
    expect(isAppUrl('not a url', APP)).toBe(false);
    expect(isAppUrl('http://localhost:5173/src/main.tsx', 'http://localhost:5173')).toBe(true);
    expect(isAppUrl('http://localhost:5174/', 'http://localhost:5173')).toBe(false);
  });

  it('opens only https links externally', () => {
    expect(isSafeExternalUrl('https://console.twilio.com/')).toBe(true);
    for (const url of [
      'http://example.com',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://host/share',
      'https://user:pw@example.com',
      '',
    ]) {
      expect(isSafeExternalUrl(url), url).toBe(false);
    }
  });

  it('trusts an IPC call only from our window’s top frame at our origin', () => {
    const ok = { fromOurWindow: true, fromTopFrame: true, frameUrl: 'app://switchboard/index.html' };
    expect(isTrustedSenderFacts(ok, APP)).toBe(true);
    expect(isTrustedSenderFacts({ ...ok, fromOurWindow: false }, APP)).toBe(false);
    expect(isTrustedSenderFacts({ ...ok, fromTopFrame: false }, APP)).toBe(false);
    expect(isTrustedSenderFacts({ ...ok, frameUrl: null }, APP)).toBe(false);
    expect(isTrustedSenderFacts({ ...ok, frameUrl: 'https://evil.example/' }, APP)).toBe(false);
  });

  it('sends the same strict policy as the page declares, with no inline scripts or styles', () => {
    const html = readFileSync(join(__dirname, '../../../renderer/index.html'), 'utf8');
    const meta = html.match(/http-equiv="Content-Security-Policy" content="([^"]+)"/)?.[1] ?? '';
    const directives = (policy: string) =>
      new Map(
        policy
          .split(';')
          .map((d) => d.trim().split(/\s+/))
          .map(([k, ...v]) => [k, v.join(' ')]),
      );
    const header = directives(CSP);
    for (const [k, v] of directives(meta)) expect(header.get(k), k).toBe(v);
    expect(CSP).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(header.get('default-src')).toBe("'none'");
  });

  it('grants the app’s own page its microphone for Talk, and nothing else to anyone', () => {
    const page = 'app://switchboard/index.html';
    expect(mayGrant({ permission: 'media', requestingUrl: page, mediaTypes: ['audio'] }, APP)).toBe(true);
    expect(mayGrant({ permission: 'media', requestingUrl: page, mediaTypes: ['audio', 'video'] }, APP)).toBe(false);
    expect(mayGrant({ permission: 'media', requestingUrl: page, mediaTypes: ['video'] }, APP)).toBe(false);
    expect(mayGrant({ permission: 'media', requestingUrl: page, mediaTypes: [] }, APP)).toBe(false);
    expect(mayGrant({ permission: 'media', requestingUrl: page }, APP)).toBe(false);
    expect(mayGrant({ permission: 'media', requestingUrl: 'app://switchboard.evil/', mediaTypes: ['audio'] }, APP)).toBe(false);
    expect(mayGrant({ permission: 'media', requestingUrl: null, mediaTypes: ['audio'] }, APP)).toBe(false);
    for (const permission of ['geolocation', 'notifications', 'clipboard-read', 'display-capture', 'openExternal'])
      expect(mayGrant({ permission, requestingUrl: page, mediaTypes: ['audio'] }, APP)).toBe(false);
  });
});
