// Where the OS has no secret store, role credentials live in 0600 files, and the person should
// know. A packaged app has no terminal for the logged line, so it is also shown once as an OS
// notification — once, not on every start: the config folder remembers it. Should a keyring
// appear later, the memory is dropped, so losing it again is announced again.
import type { Notify } from './os-notifications.js';
import type { RememberedKeys } from './remembered-keys.js';

export const UNENCRYPTED_SECRETS_KEY = 'unencrypted-secrets';
export const UNENCRYPTED_SECRETS_TITLE = 'EKS SSO: credentials are not encrypted';

/** `notice` is the secret store's one line (null when secrets are encrypted). */
export function announceUnencryptedSecretsOnce(notice: string | null, notify: Notify, shown: Pick<RememberedKeys, 'has' | 'remember' | 'forget'>): void {
  if (notice === null) return shown.forget(UNENCRYPTED_SECRETS_KEY);
  if (shown.has(UNENCRYPTED_SECRETS_KEY)) return;
  // Remembered only once it was really shown: where notifications are unsupported, the next start tries again.
  if (notify(UNENCRYPTED_SECRETS_TITLE, notice)) shown.remember([UNENCRYPTED_SECRETS_KEY]);
}
