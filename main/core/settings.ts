// The product's settings: one JSON file in the platform's config folder. Unknown or invalid
// values fall back to defaults field by field, so a hand-edited file never stops the app.
// Validated by hand rather than with zod: `eks-sso status` reads this file, and loading zod
// alone costs about 100 ms of start-up (the dashboard contract keeps its own zod schema).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { productConfigDir, type Environment } from './context.js';
import { CoreError } from './errors.js';
import { writeFileAtomic } from './fs/atomic-write.js';

export const DEFAULT_REGIONS = ['us-east-1', 'us-east-2', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-southeast-1', 'ap-northeast-1'];

export interface Settings {
  /** Regions searched for EKS clusters. */
  regions: string[];
  /** Context name template: {account} (account name), {accountId}, {role}, {cluster}, {region}, {session}. */
  contextTemplate: string;
  /** Target kubeconfig; null = first path in KUBECONFIG, else ~/.kube/config. */
  kubeconfigFile: string | null;
  /** The exec credential written into each user entry. */
  execMode: 'builtin' | 'aws';
  /** Profile names written by `eks-sso profiles`: {account}, {accountId}, {role}, {session}. */
  profileTemplate: string;
  /** Minutes before the SSO session ends at which to notify. */
  notificationLeadMinutes: number[];
  /**
   * The organisation's portal session length in hours (Identity Center: 8 by default, 15 min to
   * 90 days). No API reveals it, so the session end is estimated from it until the server shows
   * the real one. Optional so callers that do not know it (the dashboard form) keep the file's value.
   */
  ssoSessionHours?: number;
  /** Seconds between background reachability checks. */
  recheckIntervalSeconds: number;
  /** Context names pinned on top. */
  favourites: string[];
}

type FieldCheck = (value: unknown) => boolean;

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const isString = (value: unknown): value is string => typeof value === 'string';
const nonEmptyString: FieldCheck = (value) => isString(value) && value.length > 0;
const isInteger = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value);

const FIELD_CHECKS: Record<keyof Settings, FieldCheck> = {
  regions: (value) => Array.isArray(value) && value.length > 0 && value.every((region) => isString(region) && REGION.test(region)),
  contextTemplate: nonEmptyString,
  kubeconfigFile: (value) => value === null || nonEmptyString(value),
  execMode: (value) => value === 'builtin' || value === 'aws',
  profileTemplate: nonEmptyString,
  notificationLeadMinutes: (value) => Array.isArray(value) && value.every((minutes) => isInteger(minutes) && minutes > 0),
  ssoSessionHours: (value) => typeof value === 'number' && Number.isFinite(value) && value >= 0.25 && value <= 2160,
  recheckIntervalSeconds: (value) => isInteger(value) && value >= 10,
  favourites: (value) => Array.isArray(value) && value.every(isString),
};

export const defaultSettings: Readonly<Settings> = Object.freeze({
  regions: DEFAULT_REGIONS,
  contextTemplate: '{account}/{role}/{cluster}',
  kubeconfigFile: null,
  execMode: 'builtin',
  profileTemplate: '{account}.{role}',
  notificationLeadMinutes: [15, 5],
  recheckIntervalSeconds: 120,
  favourites: [],
});

/** IAM Identity Center's default portal session duration. */
export const DEFAULT_SSO_SESSION_HOURS = 8;

/** The portal session duration in hours, defaulted. */
export function ssoSessionHours(settings: Pick<Settings, 'ssoSessionHours'>): number {
  return settings.ssoSessionHours ?? DEFAULT_SSO_SESSION_HOURS;
}

export function settingsPath(env: Environment): string {
  return path.join(productConfigDir(env), 'settings.json');
}

function freshDefaults(): Settings {
  return structuredClone({ ...defaultSettings }) as Settings;
}

/** Keeps each valid field of `raw`, and the default for each missing or invalid one. */
function mergeWithDefaults(raw: Record<string, unknown>): Settings {
  const merged: Record<string, unknown> = { ...freshDefaults() };
  for (const [key, check] of Object.entries(FIELD_CHECKS)) {
    if (check(raw[key])) merged[key] = structuredClone(raw[key]);
  }
  return merged as unknown as Settings;
}

/** Reads settings; a missing or unreadable file gives the defaults, a bad field gives its default. */
export async function loadSettings(env: Environment): Promise<Settings> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(settingsPath(env), 'utf8'));
  } catch {
    return freshDefaults();
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return freshDefaults();
  return mergeWithDefaults(raw as Record<string, unknown>);
}

export async function saveSettings(env: Environment, settings: Settings): Promise<void> {
  const invalid = (Object.keys(FIELD_CHECKS) as Array<keyof Settings>).filter(
    (key) => !(key === 'ssoSessionHours' && settings[key] === undefined) && !FIELD_CHECKS[key](settings[key]),
  );
  if (invalid.length > 0) {
    throw new CoreError('invalid-input', `invalid settings: ${invalid.join(', ')}`, { hint: 'Correct those fields and save again' });
  }
  // A caller that does not know ssoSessionHours (the dashboard form) must not drop the value
  // an administrator set in the file.
  const kept = settings.ssoSessionHours === undefined ? (await loadSettings(env)).ssoSessionHours : settings.ssoSessionHours;
  const valid = mergeWithDefaults({ ...settings, ...(kept === undefined ? {} : { ssoSessionHours: kept }) });
  await writeFileAtomic(settingsPath(env), JSON.stringify(valid, null, 2) + '\n');
}
