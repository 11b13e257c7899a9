// The public face of sign-in and credentials. Other parts of the product import from here
// (the exec credential helper imports role-credentials-cache.ts directly: it is SDK-free).
export type { SessionConfig } from './session-config.js';
export { defaultSessionName, parseStartUrl, validateRegion, DEFAULT_SCOPES } from './session-config.js';
export type { SessionStatus, SessionState } from './session-state.js';
export type { SessionEndInputs } from './session-state.js';
export { computeSessionState, expiringWindowMs, REFRESH_WINDOW_MS, EXPIRING_WINDOW_MS } from './session-state.js';
export type { SessionTimes } from './session-times.js';
export { readSessionTimes, sessionTimesFile } from './session-times.js';
export type { LoginPrompt } from './login-prompt.js';
export type { AccountRoles, AccountsResult } from './accounts.js';
export type { Sso, SsoOptions, LoginOptions, AccountsOptions } from './sso.js';
export { createSso } from './sso.js';
export { readCachedRoleCredentials, listCachedRoleCredentials, ROLE_CREDENTIALS_MARGIN_MS } from './role-credentials-cache.js';
export { tokenFilePath, ssoCacheDir } from './cache-paths.js';
export type { CachedToken } from './token-cache.js';
