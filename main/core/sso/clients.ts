// The AWS SDK clients for sign-in (SSO OIDC) and the access portal (SSO), loaded on first
// use so that commands which only read caches never pay for the SDK. Endpoints come from
// the SDK's standard variables, resolved from the injected environment rather than
// process.env, so one process can talk to several sandboxes (or AWS) side by side.
import type { SSOOIDCClient } from '@aws-sdk/client-sso-oidc';
import type { SSOClient } from '@aws-sdk/client-sso';
import type { Environment } from '../context.js';

import type * as OidcModule from '@aws-sdk/client-sso-oidc';
import type * as PortalModule from '@aws-sdk/client-sso';

export type OidcSdk = typeof OidcModule;
export type PortalSdk = typeof PortalModule;

/** AWS_ENDPOINT_URL_<SERVICE>, then AWS_ENDPOINT_URL, unless AWS_IGNORE_CONFIGURED_ENDPOINT_URLS. */
export function configuredEndpoint(env: Environment, serviceVariable: string): string | undefined {
  if (env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS?.toLowerCase() === 'true') return undefined;
  return env[`AWS_ENDPOINT_URL_${serviceVariable}`] || env.AWS_ENDPOINT_URL || undefined;
}

/** Receives the server's Date header of every response, for clock-skew diagnosis. */
export type ServerDateObserver = (serverDateMs: number) => void;

function observeServerDate(client: SSOOIDCClient | SSOClient, observer: ServerDateObserver | undefined): void {
  if (!observer) return;
  // Sits next to the transport, so it sees error responses too, before they are parsed.
  (client as SSOClient).middlewareStack.add(
    (next) => async (args) => {
      const output = await next(args);
      const headers = (output.response as { headers?: Record<string, string> } | undefined)?.headers;
      const parsed = headers?.date ? Date.parse(headers.date) : Number.NaN;
      if (!Number.isNaN(parsed)) observer(parsed);
      return output;
    },
    { step: 'deserialize', priority: 'low', name: 'eksSsoServerDate' },
  );
}

/**
 * The SDK module as imported. Under Node (and vitest) a dynamic import of the SDK's CommonJS
 * build gives named exports; in the esbuild bundle it gives `export default module.exports`.
 * Accept both, checking for the export we need.
 */
export function sdkExports<T extends object>(loaded: T, probe: keyof T): T {
  if (loaded[probe] !== undefined) return loaded;
  const fallback = (loaded as unknown as { default?: T }).default;
  if (fallback && fallback[probe] !== undefined) return fallback;
  throw new Error(`the AWS SDK module does not export ${String(probe)}`);
}

// Retries are ours (paced, with backoff, on the injected clock): the SDK makes one attempt.
const common = { maxAttempts: 1, ignoreConfiguredEndpointUrls: true } as const;

export async function createOidcClient(env: Environment, region: string, observer?: ServerDateObserver): Promise<{ sdk: OidcSdk; client: SSOOIDCClient }> {
  const sdk = sdkExports(await import('@aws-sdk/client-sso-oidc'), 'SSOOIDCClient');
  const endpoint = configuredEndpoint(env, 'SSO_OIDC');
  const client = new sdk.SSOOIDCClient({ ...common, region, ...(endpoint ? { endpoint } : {}) });
  observeServerDate(client, observer);
  return { sdk, client };
}

export async function createPortalClient(env: Environment, region: string, observer?: ServerDateObserver): Promise<{ sdk: PortalSdk; client: SSOClient }> {
  const sdk = sdkExports(await import('@aws-sdk/client-sso'), 'SSOClient');
  const endpoint = configuredEndpoint(env, 'SSO');
  const client = new sdk.SSOClient({ ...common, region, ...(endpoint ? { endpoint } : {}) });
  observeServerDate(client, observer);
  return { sdk, client };
}
