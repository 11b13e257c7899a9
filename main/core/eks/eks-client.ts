// An EKS client signed with one role's credentials, loaded on first use (the SDK is heavy and
// `eks-sso token` must never pay for it). The endpoint comes from the injected environment
// (AWS_ENDPOINT_URL_EKS, then AWS_ENDPOINT_URL): the real AWS or the sandbox, same code.
import type * as EksModule from '@aws-sdk/client-eks';
import type { EKSClient } from '@aws-sdk/client-eks';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { Environment, RoleCredentials } from '../context.js';
import { sdkExports } from '../sso/clients.js';

export type EksSdk = typeof EksModule;

export function eksEndpoint(env: Environment): string | undefined {
  if (env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS?.toLowerCase() === 'true') return undefined;
  return env.AWS_ENDPOINT_URL_EKS || env.AWS_ENDPOINT_URL || undefined;
}

let sdkPromise: Promise<EksSdk> | null = null;

export function loadEksSdk(): Promise<EksSdk> {
  // The bundle hands the SDK's CommonJS build over as a default export: accept both shapes.
  sdkPromise ??= import('@aws-sdk/client-eks').then((loaded) => sdkExports(loaded, 'EKSClient'));
  return sdkPromise;
}

/** Keep-alive connections shared by every client of one discovery run (thousands of clients, few hosts). */
export interface SharedAgents {
  httpAgent: HttpAgent;
  httpsAgent: HttpsAgent;
}

export function createSharedAgents(maxSockets: number): SharedAgents {
  return { httpAgent: new HttpAgent({ keepAlive: true, maxSockets }), httpsAgent: new HttpsAgent({ keepAlive: true, maxSockets }) };
}

export function destroySharedAgents(agents: SharedAgents): void {
  agents.httpAgent.destroy();
  agents.httpsAgent.destroy();
}

export async function createEksClient(env: Environment, credentials: RoleCredentials, region: string, agents?: SharedAgents): Promise<{ sdk: EksSdk; client: EKSClient }> {
  const sdk = await loadEksSdk();
  const endpoint = eksEndpoint(env);
  const client = new sdk.EKSClient({
    region,
    credentials: {
      accessKeyId: credentials.accessKeyId,
      secretAccessKey: credentials.secretAccessKey,
      sessionToken: credentials.sessionToken,
      expiration: new Date(credentials.expiration),
    },
    // Retries are ours (paced per account + region, with backoff): the SDK makes one attempt.
    maxAttempts: 1,
    ignoreConfiguredEndpointUrls: true,
    ...(endpoint ? { endpoint } : {}),
    ...(agents ? { requestHandler: { httpAgent: agents.httpAgent, httpsAgent: agents.httpsAgent } } : {}),
  });
  return { sdk, client };
}
