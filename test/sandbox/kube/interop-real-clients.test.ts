// The clusters of a whole sandbox (part 1 + part 2) as real clients see them: kubectl 1.32
// with an `aws eks get-token` exec plugin fed by role credentials from the sandbox portal,
// @kubernetes/client-node with the same kubeconfig, and kubectl facing broken endpoints.
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DescribeClusterCommand } from '@aws-sdk/client-eks';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../../../sandbox/index.js';
import type { SandboxHandle } from '../../../sandbox/index.js';
import { eksClient, roleCredentials, signIn } from '../helpers/clients.js';
import type { Credentials } from '../helpers/clients.js';
import { DEV, SHARED, demoYaml } from '../helpers/demo.js';
import { AWS_CLI, KUBECTL, run } from './real-clients.js';

interface ClusterInfo {
  name: string;
  region: string;
  endpoint: string;
  certificateAuthorityData: string;
}

let sandbox: SandboxHandle;
let home: string;
let kubeconfig: string;
let devShared: ClusterInfo;
let unknownCluster: ClusterInfo;
/** Environment the aws CLI needs: our temp config files and the sandbox STS. */
let awsEnv: Record<string, string>;

const PROFILES = {
  'admin-dev': { account: DEV, permissionSet: 'AdministratorAccess' },
  'developer-dev': { account: DEV, permissionSet: 'Developer' },
  'admin-shared': { account: SHARED, permissionSet: 'AdministratorAccess' },
} as const;
type Profile = keyof typeof PROFILES;

async function describeCluster(credentials: Credentials, name: string, region: string): Promise<ClusterInfo> {
  const { cluster } = await eksClient(sandbox, credentials, region).send(new DescribeClusterCommand({ name }));
  if (!cluster?.endpoint || !cluster.certificateAuthority?.data) throw new Error(`${name} has no endpoint`);
  return { name, region, endpoint: cluster.endpoint, certificateAuthorityData: cluster.certificateAuthority.data };
}

function execUser(profile: Profile, cluster: ClusterInfo) {
  return {
    name: `${profile}@${cluster.name}`,
    user: {
      exec: {
        apiVersion: 'client.authentication.k8s.io/v1beta1',
        command: 'aws',
        args: ['--region', cluster.region, 'eks', 'get-token', '--cluster-name', cluster.name, '--output', 'json'],
        env: [{ name: 'AWS_PROFILE', value: profile }, ...Object.entries(awsEnv).map(([name, value]) => ({ name, value }))],
      },
    },
  };
}

function kubeconfigFor(entries: Array<{ profile: Profile; cluster: ClusterInfo }>, tokenUsers: Array<{ name: string; token: string; cluster: ClusterInfo }> = []) {
  const clusters = [...new Map([...entries, ...tokenUsers].map((entry) => [entry.cluster.name, entry.cluster])).values()];
  return {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: clusters.map((cluster) => ({ name: cluster.name, cluster: { server: cluster.endpoint, 'certificate-authority-data': cluster.certificateAuthorityData } })),
    users: [...entries.map((entry) => execUser(entry.profile, entry.cluster)), ...tokenUsers.map((entry) => ({ name: entry.name, user: { token: entry.token } }))],
    contexts: [
      ...entries.map((entry) => ({ name: `${entry.profile}@${entry.cluster.name}`, context: { cluster: entry.cluster.name, user: `${entry.profile}@${entry.cluster.name}` } })),
      ...tokenUsers.map((entry) => ({ name: entry.name, context: { cluster: entry.cluster.name, user: entry.name } })),
    ],
    'current-context': `admin-dev@${devShared.name}`,
  };
}

async function writeKubeconfig(file: string, config: unknown): Promise<string> {
  await writeFile(file, JSON.stringify(config, null, 2), { mode: 0o600 });
  return file;
}

// Generous: for a 401 kubectl retries discovery several times, running \`aws\` (a Python start) each time.
const KUBECTL_TIMEOUT_MS = 150_000;
const TEST_TIMEOUT_MS = 240_000;
const kubectl = (context: string, args: string[], file = kubeconfig) => run(KUBECTL!, ['--kubeconfig', file, '--context', context, ...args], { HOME: home }, KUBECTL_TIMEOUT_MS);

/** A token exactly as `aws eks get-token` prints it for `profile`. */
async function awsToken(profile: Profile, clusterName: string, region: string): Promise<string> {
  const result = await run(AWS_CLI!, ['--region', region, 'eks', 'get-token', '--cluster-name', clusterName, '--output', 'json'], { HOME: home, AWS_PROFILE: profile, ...awsEnv });
  expect(result.stderr).toBe('');
  return JSON.parse(result.stdout).status.token as string;
}

// Every test runs `aws` (as the exec plugin or for a token); all but the client-node one run kubectl.
describe.skipIf(!AWS_CLI)('real clients against the sandbox clusters', () => {
  beforeAll(async () => {
    sandbox = await startSandbox(demoYaml);
    home = await mkdtemp(path.join(os.tmpdir(), 'eks-sso-kube-interop-'));
    const { accessToken } = await signIn(sandbox);
    const awsFolder = path.join(home, '.aws');
    await mkdir(awsFolder, { recursive: true, mode: 0o700 });
    let config = '[default]\ncli_follow_urlparam = false\n';
    let credentialsText = '';
    const credentials = {} as Record<Profile, Credentials>;
    for (const [profile, { account, permissionSet }] of Object.entries(PROFILES) as Array<[Profile, (typeof PROFILES)[Profile]]>) {
      credentials[profile] = await roleCredentials(sandbox, accessToken, account, permissionSet);
      config += `\n[profile ${profile}]\ncli_follow_urlparam = false\n`;
      credentialsText += `\n[${profile}]\naws_access_key_id = ${credentials[profile].accessKeyId}\naws_secret_access_key = ${credentials[profile].secretAccessKey}\naws_session_token = ${credentials[profile].sessionToken}\n`;
    }
    await writeFile(path.join(awsFolder, 'config'), config, { mode: 0o600 });
    await writeFile(path.join(awsFolder, 'credentials'), credentialsText, { mode: 0o600 });
    awsEnv = {
      AWS_CONFIG_FILE: path.join(awsFolder, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: path.join(awsFolder, 'credentials'),
      AWS_ENDPOINT_URL_STS: sandbox.env.AWS_ENDPOINT_URL_STS!,
      AWS_EC2_METADATA_DISABLED: 'true',
    };
    devShared = await describeCluster(credentials['admin-dev'], 'dev-shared', 'eu-west-1');
    unknownCluster = await describeCluster(credentials['admin-shared'], 'sandbox-unknown', 'us-east-1');
    kubeconfig = await writeKubeconfig(
      path.join(home, 'kubeconfig'),
      kubeconfigFor([
        { profile: 'admin-dev', cluster: devShared },
        { profile: 'developer-dev', cluster: devShared },
        { profile: 'admin-shared', cluster: unknownCluster },
      ]),
    );
  }, 180_000);

  afterAll(async () => {
    await sandbox?.close();
    if (home) await rm(home, { recursive: true, force: true });
  });

  it.skipIf(!KUBECTL)('kubectl get nodes lists the nodes for a cluster-admin role', async () => {
    const result = await kubectl('admin-dev@dev-shared', ['get', 'nodes']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION$/);
    expect(lines.slice(1).map((line) => line.split(/\s+/).slice(0, 2))).toEqual([
      ['ip-10-0-1-17.eu-west-1.compute.internal', 'Ready'],
      ['ip-10-0-2-24.eu-west-1.compute.internal', 'Ready'],
    ]);
  }, TEST_TIMEOUT_MS);

  it.skipIf(!KUBECTL)('kubectl answers "Unauthorized" for a role the cluster does not map', async () => {
    const server = await sandbox.clusterServer('sandbox-unknown');
    const before = server?.stats().statuses['401'] ?? 0;
    const result = await kubectl('admin-shared@sandbox-unknown', ['get', 'nodes']);
    expect(result.code).not.toBe(0);
    // With an exec plugin, client-go turns the 401 into "the server has asked for the client to
    // provide credentials" (as users report against EKS); a static token gives "(Unauthorized)".
    expect(result.stderr).toContain('error: You must be logged in to the server (the server has asked for the client to provide credentials)');
    expect(server?.stats().statuses['401'] ?? 0).toBeGreaterThan(before);
  }, TEST_TIMEOUT_MS);

  it.skipIf(!KUBECTL)('kubectl answers "Forbidden" for a namespace-only role, whose namespace still works', async () => {
    const [nodes, pods] = await Promise.all([kubectl('developer-dev@dev-shared', ['get', 'nodes']), kubectl('developer-dev@dev-shared', ['get', 'pods', '-n', 'team-a'])]);
    expect(nodes.code).not.toBe(0);
    expect(nodes.stderr).toMatch(/Error from server \(Forbidden\): nodes is forbidden: User "arn:aws:sts::222222222222:assumed-role\/AWSReservedSSO_Developer_[0-9a-f]{16}\/demo-example.com" cannot list resource "nodes" in API group "" at the cluster scope/);
    expect(pods.stderr).toBe('');
    expect(pods.stdout).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\n/);
    expect(pods.stdout).toContain('web-6d8f7c9b5-abcde');
    expect(pods.stdout).not.toContain('worker-58c9d7f6b-klmno');
  }, TEST_TIMEOUT_MS);

  it('@kubernetes/client-node with the same kubeconfig lists the nodes', async () => {
    const config = new KubeConfig();
    config.loadFromFile(kubeconfig);
    config.setCurrentContext('admin-dev@dev-shared');
    const nodes = await config.makeApiClient(CoreV1Api).listNode();
    expect(nodes.items.map((node) => node.metadata?.name)).toEqual(['ip-10-0-1-17.eu-west-1.compute.internal', 'ip-10-0-2-24.eu-west-1.compute.internal']);
    expect(nodes.items[0]?.status?.nodeInfo?.kubeletVersion).toMatch(/^v1\.33\./);
  }, TEST_TIMEOUT_MS);

  it.skipIf(!KUBECTL)('refuses a token with an altered signature, one minted for another cluster and one older than 15 minutes', async () => {
    const good = await awsToken('admin-dev', 'dev-shared', 'eu-west-1');
    const url = Buffer.from(good.slice('k8s-aws-v1.'.length), 'base64url').toString();
    const altered = 'k8s-aws-v1.' + Buffer.from(url.replace(/X-Amz-Signature=([0-9a-f])/, (_match, first: string) => `X-Amz-Signature=${first === 'a' ? 'b' : 'a'}`)).toString('base64url');
    expect(altered).not.toBe(good);
    const otherCluster = await awsToken('admin-dev', 'prod-api', 'eu-west-1');
    const file = await writeKubeconfig(
      path.join(home, 'kubeconfig-tokens'),
      kubeconfigFor([], [
        { name: 'good', token: good, cluster: devShared },
        { name: 'altered', token: altered, cluster: devShared },
        { name: 'other-cluster', token: otherCluster, cluster: devShared },
      ]),
    );
    expect((await kubectl('good', ['get', 'nodes'], file)).code).toBe(0);
    for (const context of ['altered', 'other-cluster']) {
      const result = await kubectl(context, ['get', 'nodes'], file);
      expect(result.stderr, context).toContain('error: You must be logged in to the server (Unauthorized)');
    }
    // Sixteen minutes later by the sandbox clock, the token that worked is too old.
    sandbox.admin.setClockOffset(16 * 60 * 1000);
    try {
      const stale = await kubectl('good', ['get', 'nodes'], file);
      expect(stale.stderr).toContain('error: You must be logged in to the server (Unauthorized)');
    } finally {
      sandbox.admin.setClockOffset(0);
    }
  }, TEST_TIMEOUT_MS);

  it.skipIf(!KUBECTL)('kubectl sees a hanging, a refusing and a wrong-CA endpoint for what they are', async () => {
    const token = await awsToken('admin-dev', 'dev-shared', 'eu-west-1');
    const file = await writeKubeconfig(path.join(home, 'kubeconfig-network'), kubeconfigFor([], [{ name: 'static', token, cluster: devShared }]));
    const attempt = () => kubectl('static', ['get', 'nodes', '--request-timeout=2s'], file);
    try {
      await sandbox.admin.setEndpointBehavior('dev-shared', 'wrong-ca');
      expect((await attempt()).stderr).toContain('x509: certificate signed by unknown authority');
      await sandbox.admin.setEndpointBehavior('dev-shared', 'refuse');
      let refused = await attempt();
      for (let retry = 0; retry < 5 && !refused.stderr.includes('was refused'); retry++) refused = await attempt();
      expect(refused.stderr).toContain(`The connection to the server ${new URL(devShared.endpoint).host} was refused`);
      await sandbox.admin.setEndpointBehavior('dev-shared', 'hang');
      const hung = await attempt();
      expect(hung.code).not.toBe(0);
      expect(hung.stderr).toMatch(/TLS handshake timeout|context deadline exceeded|Client\.Timeout exceeded/);
    } finally {
      await sandbox.admin.setEndpointBehavior('dev-shared', 'answer');
    }
    let back = await attempt();
    for (let retry = 0; retry < 5 && back.code !== 0; retry++) back = await attempt();
    expect(back.code).toBe(0);
  }, TEST_TIMEOUT_MS);
});
