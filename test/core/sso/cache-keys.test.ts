import { describe, expect, it } from 'vitest';
import { pythonJsonDumps, registrationCacheKey, sha1Hex, tokenCacheKey } from '../../../main/core/sso/cache-keys.js';

// Vectors from PROTOCOLS.md §9.2 (the AWS CLI's own unit tests, recomputed in Python).
describe('SSO cache keys', () => {
  it('names the legacy token file after sha1(start URL)', () => {
    expect(tokenCacheKey('https://d-abc123.awsapps.com/start')).toBe('40a89917e3175433e361b710a9d43528d7f1890a');
  });

  it('names the sso-session token file after sha1(session name)', () => {
    expect(tokenCacheKey('admin')).toBe('d033e22ae348aeb5660fc2140aec35850c4da997');
  });

  it('computes the CLI registration key for a legacy profile', () => {
    expect(registrationCacheKey({ startUrl: 'https://d-abc123.awsapps.com/start', region: 'us-west-2', scopes: null, sessionName: null })).toBe(
      'd75f79f67bab3f92a2b1450471c0c2574de0dca4',
    );
  });

  it('computes the CLI registration key for an sso-session with scopes', () => {
    expect(
      registrationCacheKey({ startUrl: 'https://d-abc123.awsapps.com/start', region: 'us-west-2', scopes: ['sso:account:access'], sessionName: 'admin' }),
    ).toBe('4e0b35ce126fbacfad7c16ce93ffe85ce6cafeed');
  });

  it('serialises like Python json.dumps(sort_keys=True) with ensure_ascii', () => {
    expect(pythonJsonDumps({ b: [1, 'x'], a: null, 'é': 'ü/€' })).toBe('{"a": null, "b": [1, "x"], "\\u00e9": "\\u00fc/\\u20ac"}');
    expect(pythonJsonDumps('😀')).toBe('"\\ud83d\\ude00"');
    expect(sha1Hex('')).toBe('da39a3ee5e6b4b0d3255bfef95601890afd80709');
  });
});
