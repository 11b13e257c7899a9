// File names in ~/.aws/sso/cache, computed exactly as the AWS CLI v2 computes them, so the
// CLI, the SDKs and this product find each other's sign-ins (PROTOCOLS.md §3.1, §3.4, §9.2).
import { createHash } from 'node:crypto';

export function sha1Hex(text: string): string {
  return createHash('sha1').update(text, 'utf8').digest('hex');
}

/** Token file key: the sso-session name, or the start URL for legacy (session-less) sign-ins. */
export function tokenCacheKey(sessionNameOrStartUrl: string): string {
  return sha1Hex(sessionNameOrStartUrl);
}

type PythonJson = null | string | number | boolean | PythonJson[] | { [key: string]: PythonJson };

/**
 * `json.dumps(value, sort_keys=True)` as Python writes it: separators ", " and ": ",
 * keys sorted by code point, and ensure_ascii (everything outside space..~ escaped as \uXXXX).
 */
export function pythonJsonDumps(value: PythonJson): string {
  if (value === null) return 'null';
  if (typeof value === 'string') {
    return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
  }
  if (typeof value === 'number' || typeof value === 'boolean') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(pythonJsonDumps).join(', ')}]`;
  const keys = Object.keys(value).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${keys.map((key) => `${pythonJsonDumps(key)}: ${pythonJsonDumps(value[key]!)}`).join(', ')}}`;
}

export interface RegistrationKeyInput {
  startUrl: string;
  region: string;
  /** The configured sso_registration_scopes, or null when the session has none. */
  scopes: string[] | null;
  /** The sso-session name, or null for a legacy profile. */
  sessionName: string | null;
}

/** The CLI's client-registration cache key (`_registration_cache_key`). */
export function registrationCacheKey(input: RegistrationKeyInput): string {
  return sha1Hex(
    pythonJsonDumps({
      tool: 'botocore',
      startUrl: input.startUrl,
      region: input.region,
      scopes: input.scopes,
      session_name: input.sessionName,
    }),
  );
}
