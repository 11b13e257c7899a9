// The only way the app opens the system browser. The core calls it for the pages its sign-in
// flow issued (device verification, PKCE authorize); the renderer never supplies a URL. Even
// so, only https — or plain http on the loopback, where the sandbox serves its approval
// page — ever reaches shell.openExternal: never file:, javascript:, custom schemes or a URL
// carrying credentials.
import type { BrowserOpener, Logger } from '../core/context.js';
import { CoreError } from '../core/errors.js';

export function isAllowedExternalUrl(candidate: string): boolean {
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return false;
  }
  if (url.username !== '' || url.password !== '') return false;
  if (url.protocol === 'https:') return url.hostname !== '';
  return url.protocol === 'http:' && (url.hostname === '127.0.0.1' || url.hostname === '[::1]');
}

export function createBrowserOpener(openExternal: (url: string) => Promise<void>, logger: Logger): BrowserOpener {
  return async (url) => {
    if (!isAllowedExternalUrl(url)) {
      // The URL itself is not logged: a refused one may carry anything.
      logger.warn('refused to open a URL that is not https or the loopback');
      throw new CoreError('invalid-input', 'refused to open a page that is not https', {
        hint: 'Only the sign-in pages of IAM Identity Center are opened',
      });
    }
    await openExternal(new URL(url).toString());
  };
}
