// `eks-sso token`: the exec credential helper kubectl runs before every request. It must be
// quick: it reads cached role credentials (no AWS SDK loaded) and signs the token with
// node:crypto. Only when the cache has nothing usable does it load the sign-in core and ask
// the portal, with the cached SSO token. It never prompts and never opens a browser.
import { parseArgs } from 'node:util';
import type { Command } from '../command.js';
import { silentLogger, systemClock, type CoreContext, type RoleCredentials, type RoleRef } from '../../core/context.js';
import { CoreError, isCoreError } from '../../core/errors.js';
import { execCredentialJson, mintEksToken } from '../../core/eks/token.js';
import { readCachedRoleCredentials } from '../../core/sso/role-credentials-cache.js';
import { createFileSecretStore, secretsDir } from '../../core/secrets/file-secret-store.js';

const REQUIRED = ['session', 'account', 'role', 'region', 'cluster'] as const;

function stsEndpoint(env: NodeJS.ProcessEnv): string | undefined {
  if (env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS?.toLowerCase() === 'true') return undefined;
  return env.AWS_ENDPOINT_URL_STS || env.AWS_ENDPOINT_URL || undefined;
}

/** kubectl says which ExecCredential version it wants; v1beta1 unless it asks for v1. */
function requestedApiVersion(env: NodeJS.ProcessEnv): string | null {
  if (!env.KUBERNETES_EXEC_INFO) return null;
  try {
    const info = JSON.parse(env.KUBERNETES_EXEC_INFO) as { apiVersion?: unknown };
    return info.apiVersion === 'client.authentication.k8s.io/v1' ? info.apiVersion : null;
  } catch {
    return null;
  }
}

async function credentialsFor(context: CoreContext, ref: RoleRef, signal: AbortSignal): Promise<RoleCredentials> {
  const cached = await readCachedRoleCredentials(context, ref);
  if (cached) return cached;
  // Only now pay for the SDK: the portal refreshes the role credentials with the cached SSO token.
  const { createSso } = await import('../../core/sso/index.js');
  return createSso(context).roleCredentials(ref, { signal });
}

const command: Command = {
  summary: 'print an EKS ExecCredential for kubectl (run by the kubeconfig entries eks-sso writes)',
  usage: 'eks-sso token --session S --account ID --role NAME --region R --cluster NAME',
  async run({ argv, env, stdout, stderr, signal }) {
    const { values } = parseArgs({
      args: argv,
      options: {
        session: { type: 'string' },
        account: { type: 'string' },
        role: { type: 'string' },
        region: { type: 'string' },
        cluster: { type: 'string' },
        verbose: { type: 'boolean', default: false },
      },
    });
    const missing = REQUIRED.filter((name) => !values[name]);
    if (missing.length > 0) {
      throw new CoreError('usage', `missing ${missing.map((name) => `--${name}`).join(', ')}`, { hint: `Usage: ${command.usage}` });
    }
    const ref: RoleRef = { session: values.session!, accountId: values.account!, roleName: values.role! };
    const context: CoreContext = {
      clock: systemClock,
      env,
      secrets: createFileSecretStore(secretsDir(env)),
      logger: silentLogger,
      openBrowser: async () => {
        throw new CoreError('usage', 'the exec credential helper never opens a browser');
      },
    };
    let credentials: RoleCredentials;
    try {
      credentials = await credentialsFor(context, ref, signal);
    } catch (error) {
      if (isCoreError(error) && error.code === 'session-expired') {
        stderr.write(`SSO session "${ref.session}" expired; sign in from the tray or run: eks-sso login --session ${ref.session}\n`);
        return 1;
      }
      throw error;
    }
    const endpoint = stsEndpoint(env);
    const minted = mintEksToken(credentials, { region: values.region!, clusterName: values.cluster!, ...(endpoint ? { stsEndpoint: endpoint } : {}) });
    // Signed with credentials that end sooner than the token, the token ends with them: say so,
    // so kubectl asks again in time instead of meeting a 401.
    const credentialsEnd = new Date(Math.floor(credentials.expiration / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const token = credentialsEnd < minted.expirationTimestamp ? { ...minted, expirationTimestamp: credentialsEnd } : minted;
    const json = execCredentialJson(token);
    const apiVersion = requestedApiVersion(env);
    stdout.write(`${apiVersion ? json.replace('"client.authentication.k8s.io/v1beta1"', JSON.stringify(apiVersion)) : json}\n`);
    return 0;
  },
};

export default command;
