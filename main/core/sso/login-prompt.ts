// What the person signing in sees, and the rule for which URLs we ever hand to a browser.
import { CoreError } from '../errors.js';

export interface LoginPrompt {
  session: string;
  startUrl: string;
  /** The code to compare in the browser (device flow only). */
  userCode?: string;
  verificationUri: string;
  verificationUriComplete: string;
  /** Epoch ms after which this sign-in attempt is void. */
  expiresAt: number;
}

/** Only https URLs, or http on the loopback (the sandbox's page, the PKCE redirect), are opened. */
export function assertOpenableUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new CoreError('aws', 'the sign-in service returned an unusable verification URL', { hint: 'Try again, or sign in with --no-browser' });
  }
  const loopback = url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
  if (url.protocol === 'https:' || (url.protocol === 'http:' && loopback)) return url.toString();
  throw new CoreError('aws', `refusing to open the verification URL ${url.protocol}//${url.host}: it is neither https nor local`, {
    hint: 'Check AWS_ENDPOINT_URL_SSO_OIDC, or sign in with --no-browser',
  });
}
