// The side effects the core needs, passed in rather than reached for, so the same code runs in
// the Electron app, the CLI, the exec credential helper and tests.
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleepTimer } from 'node:timers/promises';

export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  /** Resolves after `ms`, or rejects with the signal's reason when aborted. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) => sleepTimer(ms, undefined, signal ? { signal } : undefined),
};

/** Where secrets (role credentials) are kept: 0600 files by default, safeStorage in the app. */
export interface SecretStore {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
  /** Keys starting with `prefix`. */
  list(prefix: string): Promise<string[]>;
}

/** Opens a URL the sign-in flow issued (https, or the sandbox's loopback page). */
export type BrowserOpener = (url: string) => Promise<void>;

/** Operational messages for --verbose and the app's log file. Never pass a secret. */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {} };

/** The process environment the core reads: HOME, AWS_CONFIG_FILE, KUBECONFIG, AWS_ENDPOINT_URL_*. */
export type Environment = Readonly<Record<string, string | undefined>>;

export interface CoreContext {
  clock: Clock;
  env: Environment;
  secrets: SecretStore;
  openBrowser: BrowserOpener;
  logger: Logger;
}

/** Home folder as the AWS SDK resolves it: HOME, then USERPROFILE, then HOMEDRIVE+HOMEPATH, then the OS. */
export function homeDir(env: Environment): string {
  if (env.HOME) return env.HOME;
  if (env.USERPROFILE) return env.USERPROFILE;
  if (env.HOMEPATH) return `${env.HOMEDRIVE ?? 'C:'}${env.HOMEPATH}`;
  return os.homedir();
}

/** The product's own settings and caches: $XDG_CONFIG_HOME/eks-sso, ~/Library/Application Support/eks-sso, %APPDATA%/eks-sso. */
export function productConfigDir(env: Environment, platform: NodeJS.Platform = process.platform): string {
  if (env.EKS_SSO_CONFIG_DIR) return env.EKS_SSO_CONFIG_DIR;
  const home = homeDir(env);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'eks-sso');
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'eks-sso');
  return path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), 'eks-sso');
}

/** Role credentials from GetRoleCredentials. Secret: never logged, never sent to the renderer. */
export interface RoleCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  /** Epoch milliseconds. */
  expiration: number;
}

/** Identifies one account + role within one SSO session. */
export interface RoleRef {
  session: string;
  accountId: string;
  roleName: string;
}
