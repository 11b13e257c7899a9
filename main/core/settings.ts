// The product's settings: one JSON file in the platform's config folder. Unknown or invalid
// values fall back to defaults field by field, so a hand-edited file never stops the app.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { productConfigDir, type Environment } from './context.js';
import { writeFileAtomic } from './fs/atomic-write.js';

export const DEFAULT_REGIONS = ['us-east-1', 'us-east-2', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-southeast-1', 'ap-northeast-1'];

export const settingsSchema = z.object({
  /** Regions searched for EKS clusters. */
  regions: z.array(z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d+$/)).min(1).default(DEFAULT_REGIONS),
  /** Context name template: {account} (account name), {accountId}, {role}, {cluster}, {region}, {session}. */
  contextTemplate: z.string().min(1).default('{account}/{role}/{cluster}'),
  /** Target kubeconfig; null = first path in KUBECONFIG, else ~/.kube/config. */
  kubeconfigFile: z.string().min(1).nullable().default(null),
  /** The exec credential written into each user entry. */
  execMode: z.enum(['builtin', 'aws']).default('builtin'),
  /** Profile names written by `eks-sso profiles`: {account}, {accountId}, {role}, {session}. */
  profileTemplate: z.string().min(1).default('{account}.{role}'),
  /** Minutes before the SSO session ends at which to notify. */
  notificationLeadMinutes: z.array(z.number().int().positive()).default([15, 5]),
  /**
   * The organisation's IAM Identity Center portal session duration, in hours (allowed 15
   * minutes to 90 days; absent = AWS's default, DEFAULT_SSO_SESSION_HOURS). The portal does not
   * tell clients, so the session end shown and notified about is the sign-in time plus this,
   * unless the portal reveals an earlier one. Optional so that callers built before it existed
   * (the dashboard's settings form) still type-check; read it through ssoSessionHours().
   */
  ssoSessionHours: z.number().min(0.25).max(2160).optional(),
  /** Seconds between background reachability checks. */
  recheckIntervalSeconds: z.number().int().min(10).default(120),
  /** Context names pinned on top. */
  favourites: z.array(z.string()).default([]),
});

export type Settings = z.infer<typeof settingsSchema>;

export const defaultSettings: Settings = settingsSchema.parse({});

/** IAM Identity Center's default portal session duration. */
export const DEFAULT_SSO_SESSION_HOURS = 8;

/** The portal session duration in hours, defaulted. */
export function ssoSessionHours(settings: Pick<Settings, 'ssoSessionHours'>): number {
  return settings.ssoSessionHours ?? DEFAULT_SSO_SESSION_HOURS;
}

export function settingsPath(env: Environment): string {
  return path.join(productConfigDir(env), 'settings.json');
}

/** Reads settings; a missing or unreadable file gives the defaults, a bad field gives its default. */
export async function loadSettings(env: Environment): Promise<Settings> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(settingsPath(env), 'utf8'));
  } catch {
    return { ...defaultSettings };
  }
  if (typeof raw !== 'object' || raw === null) return { ...defaultSettings };
  const merged: Record<string, unknown> = {};
  for (const [key, fieldSchema] of Object.entries(settingsSchema.shape)) {
    const parsed = fieldSchema.safeParse((raw as Record<string, unknown>)[key]);
    merged[key] = parsed.success ? parsed.data : defaultSettings[key as keyof Settings];
  }
  return settingsSchema.parse(merged);
}

export async function saveSettings(env: Environment, settings: Settings): Promise<void> {
  // A caller that does not know ssoSessionHours (the dashboard form) must not drop the value
  // an administrator set in the file.
  const kept = settings.ssoSessionHours === undefined ? (await loadSettings(env)).ssoSessionHours : settings.ssoSessionHours;
  const valid = settingsSchema.parse({ ...settings, ...(kept === undefined ? {} : { ssoSessionHours: kept }) });
  await writeFileAtomic(settingsPath(env), JSON.stringify(valid, null, 2) + '\n');
}
