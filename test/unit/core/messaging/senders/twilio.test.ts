import { describe, expect, it } from 'vitest';
import { nextPage } from '../../../../../electron/core/messaging/senders/twilio';

describe('Twilio list paging', () => {
  it('follows a next page only on the origin the token is sent to', () => {
    const origin = 'https://api.twilio.com';
    expect(nextPage(origin, '/2010-04-01/Accounts/AC1/Messages.json?Page=1&PageToken=PA1')).toBe(
      'https://api.twilio.com/2010-04-01/Accounts/AC1/Messages.json?Page=1&PageToken=PA1',
    );
    expect(nextPage(origin, '.evil.example/steal')).toBeNull();
    expect(nextPage(origin, '//evil.example/steal')).toBeNull();
    expect(nextPage(origin, 'https://evil.example/steal')).toBeNull();
    expect(nextPage(origin, null)).toBeNull();
  });
});
