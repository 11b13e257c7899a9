import { describe, expect, it } from 'vitest';
import { CoreError } from '../../../main/core/errors.js';
import { defaultSessionName, parseStartUrl, validateRegion } from '../../../main/core/sso/session-config.js';

describe('session names and inputs', () => {
  it.each([
    ['https://d-1234567890.awsapps.com/start', 'd-1234567890'],
    ['https://acme.awsapps.com/start#/', 'acme'],
    ['https://ssoins-7223abcd.portal.us-east-1.app.aws', 'ssoins-7223abcd'],
    ['http://127.0.0.1:4567/start', 'sandbox'],
    ['http://127.0.0.1:4567/acme/start', 'acme'],
  ])('derives the session name of %s', (url, name) => {
    expect(defaultSessionName(url)).toBe(name);
  });

  it.each([['not a url'], ['ftp://d-1.awsapps.com/start'], ['http://d-1.awsapps.com/start'], ['https://user:pw@d-1.awsapps.com/start']])(
    'refuses the start URL %s with a hint',
    (text) => {
      const error = (() => {
        try {
          parseStartUrl(text);
        } catch (caught) {
          return caught;
        }
        return null;
      })();
      expect(error).toBeInstanceOf(CoreError);
      expect((error as CoreError).code).toBe('invalid-input');
      expect((error as CoreError).hint).toContain('awsapps.com/start');
    },
  );

  it('accepts known regions and names unknown ones', () => {
    expect(validateRegion('eu-west-1')).toBe('eu-west-1');
    expect(() => validateRegion('eu-west-9')).toThrow(/unknown region "eu-west-9"/);
    expect(() => validateRegion('Ireland')).toThrow(/not an AWS region/);
  });
});
