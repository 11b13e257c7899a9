import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { authorizeUrl, challengeFor, createPkcePair, defaultOidcEndpoint } from '../../../main/core/sso/pkce.js';

describe('PKCE', () => {
  it('makes a 64-character unreserved verifier and its S256 challenge', () => {
    const pair = createPkcePair();
    expect(pair.verifier).toMatch(/^[A-Za-z0-9\-._~]{64}$/);
    expect(pair.challenge).toBe(createHash('sha256').update(pair.verifier).digest('base64url'));
    expect(pair.challenge).not.toContain('=');
    expect(createPkcePair().verifier).not.toBe(pair.verifier);
  });

  it('matches the RFC 7636 appendix B example', () => {
    expect(challengeFor('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });

  it('builds the /authorize URL the CLI builds, with `scopes` and the real port', () => {
    const url = authorizeUrl({
      oidcEndpoint: 'https://oidc.us-east-1.amazonaws.com/',
      clientId: 'client-id',
      redirectUri: 'http://127.0.0.1:55555/oauth/callback',
      state: 'state-1',
      challenge: 'abc',
      scopes: ['sso:account:access'],
    });
    expect(url).toBe(
      'https://oidc.us-east-1.amazonaws.com/authorize?response_type=code&client_id=client-id&redirect_uri=http%3A%2F%2F127.0.0.1%3A55555%2Foauth%2Fcallback&state=state-1&code_challenge_method=S256&scopes=sso%3Aaccount%3Aaccess&code_challenge=abc',
    );
    expect(defaultOidcEndpoint('cn-north-1')).toBe('https://oidc.cn-north-1.amazonaws.com.cn');
  });
});
