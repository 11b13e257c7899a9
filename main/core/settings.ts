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
  /** Seconds between background reachability checks. */
  recheckIntervalSeconds: z.number().int().min(10).default(120),
  /** Context names pinned on top. */
  favourites: z.array(z.string()).default([]),
});

export type Settings = z.infer<typeof settingsSchema>;

export const defaultSettings: Settings = settingsSchema.parse({});

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
  const valid = settingsSchema.parse(settings);
  await writeFileAtomic(settingsPath(env), JSON.stringify(valid, null, 2) + '\n');
}
