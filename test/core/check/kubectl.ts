// Runs the real kubectl against a context, with the same in-process token the check uses,
// written into a private kubeconfig file (never on the command line).
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CoreContext } from '../../../main/core/context.js';
import type { ContextSpec } from '../../../main/core/kubeconfig/contexts.js';
import type { SsoAccess } from '../../../main/core/check/types.js';
import { mintEksToken } from '../../../main/core/eks/token.js';

export const KUBECTL = ['/usr/bin/kubectl', '/usr/local/bin/kubectl'].find((candidate) => existsSync(candidate));

export async function kubectl(context: CoreContext, sso: SsoAccess, spec: ContextSpec, folder: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
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
    execFile(KUBECTL, ['--kubeconfig', file, '--request-timeout', '5s', ...args], { env: { PATH: process.env.PATH ?? '', HOME: folder } }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}
