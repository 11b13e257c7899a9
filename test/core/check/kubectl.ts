// Runs the real kubectl against a context, with the same in-process token the check uses,
// written into a private kubeconfig file (never on the command line), and reads its verdict.
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CoreContext } from '../../../main/core/context.js';
import type { ContextSpec } from '../../../main/core/kubeconfig/contexts.js';
import type { CheckStatus, SsoAccess } from '../../../main/core/check/types.js';
import { mintEksToken } from '../../../main/core/eks/token.js';
import { kubectlPath } from '../../helpers/kubectl.js';

/** The shared lookup: with CI=true a missing kubectl fails the run instead of skipping. */
export const KUBECTL = kubectlPath ?? undefined;

export interface KubectlRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function kubectl(
  context: CoreContext,
  sso: SsoAccess,
  spec: ContextSpec,
  folder: string,
  args: string[],
  options: { requestTimeout?: string } = {},
): Promise<KubectlRun> {
  if (!KUBECTL) throw new Error('kubectl is not installed');
  const credentials = await sso.roleCredentials({ session: spec.session, accountId: spec.accountId, roleName: spec.roleName });
  const { token } = await mintEksToken(credentials, { region: spec.cluster.region, clusterName: spec.cluster.name, stsEndpoint: context.env.AWS_ENDPOINT_URL_STS! });
  const file = path.join(folder, `kubeconfig-${spec.cluster.name}-${spec.roleName}`);
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'c', cluster: { server: spec.cluster.endpoint, 'certificate-authority-data': spec.cluster.certificateAuthorityData } }],
    users: [{ name: 'u', user: { token } }],
    contexts: [{ name: 'x', context: { cluster: 'c', user: 'u' } }],
    'current-context': 'x',
  };
  await writeFile(file, JSON.stringify(config), { mode: 0o600 });
  return new Promise((resolve) => {
    execFile(KUBECTL, ['--kubeconfig', file, '--request-timeout', options.requestTimeout ?? '5s', ...args], { env: { PATH: process.env.PATH ?? '', HOME: folder } }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

/**
 * What a person reading kubectl's answer would conclude, in the check's terms. Anything not
 * recognised comes back as-is, so a mismatch shows kubectl's own words.
 */
export function kubectlVerdict(run: KubectlRun): CheckStatus | `unrecognised: ${string}` {
  if (run.code === 0) return 'ok';
  const text = run.stderr;
  if (/You must be logged in to the server|\(Unauthorized\)/.test(text)) return 'unauthorized';
  if (/\(Forbidden\)|is forbidden/.test(text)) return 'forbidden';
  if (/x509:|certificate signed by unknown authority|tls: failed to verify/.test(text)) return 'tls';
  if (/connection refused|was refused|i\/o timeout|TLS handshake timeout|Client\.Timeout|context deadline exceeded|no such host|connection reset|EOF/.test(text)) return 'unreachable';
  return `unrecognised: ${text.trim().split('\n').at(-1) ?? ''}`;
}
