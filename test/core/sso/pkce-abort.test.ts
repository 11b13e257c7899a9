// Cancelling the PKCE sign-in while its loopback listener is still starting: the abort fires
// before the flow listens for it, and must still end the sign-in at once (not after 10 minutes).
import { describe, expect, it } from 'vitest';
import type { CoreContext } from '../../../main/core/context.js';
import { createOidcClient } from '../../../main/core/sso/clients.js';
import { runPkceFlow } from '../../../main/core/sso/pkce-flow.js';
import { rejection } from '../../helpers/rejection.js';

describe('PKCE sign-in cancelled while the listener starts', () => {
  it('rejects with "cancelled", not the 10-minute timeout', async () => {
    const env = { AWS_ENDPOINT_URL_SSO_OIDC: 'http://127.0.0.1:9' };
    const context: CoreContext = {
      // The 10-minute limit elapses at once here: a missed abort shows up as "timeout".
      clock: { now: () => Date.now(), sleep: () => Promise.resolve() },
      env,
      secrets: { get: async () => null, set: async () => undefined, delete: async () => undefined, list: async () => [] },
      openBrowser: async () => undefined,
      logger: { debug() {}, info() {}, warn() {} },
    };
    const oidc = await createOidcClient(env, 'eu-west-1');
    const controller = new AbortController();
    const flow = runPkceFlow(context, oidc, { clientId: 'client', clientSecret: 'secret', expiresAt: Date.now() + 3_600_000 }, {
      session: 'acme',
      startUrl: 'https://acme.awsapps.com/start',
      openBrowser: false,
      signal: controller.signal,
      region: 'eu-west-1',
      scopes: ['sso:account:access'],
    });
    // runPkceFlow is now awaiting server.listen(): abort in exactly that gap.
    controller.abort();
    const error = await rejection(flow);
    expect(error.code).toBe('cancelled');
    expect(error.message).toBe('sign-in was cancelled');
  });
});
