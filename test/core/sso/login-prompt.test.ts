import { describe, expect, it } from 'vitest';
import { assertOpenableUrl } from '../../../main/core/sso/login-prompt.js';

describe('URLs handed to the browser', () => {
  it.each([['https://device.sso.us-east-1.amazonaws.com/?user_code=ABCD-EFGH'], ['http://127.0.0.1:4567/device?user_code=X'], ['http://localhost:80/device']])(
    'opens %s',
    (url) => {
      expect(assertOpenableUrl(url)).toBe(new URL(url).toString());
    },
  );

  it.each([['http://device.sso.example.com/'], ['file:///etc/passwd'], ['javascript:alert(1)'], ['not a url']])('refuses %s', (url) => {
    expect(() => assertOpenableUrl(url)).toThrow(/verification URL/);
  });
});
