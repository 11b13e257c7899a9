// `eks-sso login` + `eks-sso kubeconfig` against the sandbox, then the real kubectl on this
// machine uses our contexts: nodes for an admin role, Unauthorized for an unmapped one, and
// everything that was in the kubeconfig before is still there.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { copyFile, mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { DEMO_SCENARIO_PATH, startSandbox, type SandboxHandle } from '../../../sandbox/index.js';
import { readKubeconfigSummary } from '../../../main/core/kubeconfig/write.js';
import { writeFile } from 'node:fs/promises';
import { awsCliPath } from '../../helpers/aws-cli.js';
import { eksSso, ensureCli, isRoleOf, kubectl, kubectlPath, signIn, temporaryHome } from './kube-env.js';

// Real processes (node, kubectl, aws) on a shared 2-core machine: allow for slow starts.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

const awsPath = awsCliPath;

const FIXTURE = new URL('../../core/kubeconfig/fixtures/kubeconfig-from-aws-eks-update-kubeconfig.yaml', import.meta.url);
const SESSION = 'demo';

let sandbox: SandboxHandle;
let home: string;
let env: NodeJS.ProcessEnv;
let kubeconfig: string;

beforeAll(async () => {
  ensureCli();
  sandbox = await startSandbox(await readFile(DEMO_SCENARIO_PATH, 'utf8'));
  ({ home, env } = await temporaryHome(sandbox));
  kubeconfig = env.KUBECONFIG!;
  await mkdir(path.dirname(kubeconfig), { recursive: true });
  await copyFile(FIXTURE, kubeconfig);
  await signIn(sandbox, env, SESSION, 'demo@example.com');
});
afterAll(async () => {
  await sandbox?.close();
  if (home) await rm(home, { recursive: true, force: true });
});

interface Named {
  name: string;
  context?: { extensions?: Array<{ extension: { roleName: string; cluster: string } }> };
}

async function contextFor(cluster: string, permissionSet: string, file = kubeconfig): Promise<string> {
  const document = parse(await readFile(file, 'utf8')) as { contexts: Named[] };
  const found = document.contexts.find((entry) => {
    const marker = entry.context?.extensions?.[0]?.extension;
    return marker?.cluster === cluster && isRoleOf(marker.roleName, permissionSet);
  });
  if (!found) throw new Error(`no context for ${cluster} as ${permissionSet}`);
  return found.name;
}

describe.skipIf(!kubectlPath)('kubectl with the contexts eks-sso writes', () => {
  it('writes one context per account, role and cluster and keeps every foreign entry', async () => {
    const before = parse(await readFile(kubeconfig, 'utf8')) as Record<string, Named[] | string | object>;
    const result = await eksSso(['kubeconfig', '--regions', 'eu-west-1,us-east-1', '--json'], env);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout) as { file: string; added: string[]; updated: string[]; removed: string[] };
    expect(summary.file).toBe(kubeconfig);
    // prod-api: Admin + ReadOnly; prod-legacy: Admin + ReadOnly; dev-shared: Admin + Developer;
    // dev-hang, sandbox-unknown: Admin + ReadOnly. dev-next is still CREATING: no context.
    expect(summary.added).toHaveLength(10);
    expect(summary.added).toContain(await contextFor('prod-api', 'AdministratorAccess'));
    expect(summary.added.every((name) => !name.includes('dev-next'))).toBe(true);

    const after = parse(await readFile(kubeconfig, 'utf8')) as Record<string, Named[] | string | object>;
    for (const section of ['clusters', 'contexts', 'users'] as const) {
      for (const entry of before[section] as Named[]) expect(after[section]).toContainEqual(entry);
    }
    expect(after['current-context']).toBe('web-admin');
    expect(after.preferences).toEqual({});

    const again = await eksSso(['kubeconfig', '--regions', 'eu-west-1,us-east-1', '--json'], env);
    expect(JSON.parse(again.stdout)).toMatchObject({ added: [], updated: [], removed: [], written: false });
    const plain = await eksSso(['kubeconfig', '--regions', 'eu-west-1,us-east-1'], env);
    expect(plain.stdout).toBe(`${kubeconfig}: up to date (10 contexts)\n`);

    const table = await eksSso(['clusters', '--regions', 'eu-west-1,us-east-1'], env);
    expect(table.code).toBe(0);
    const lines = table.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^ACCOUNT\s+ID\s+REGION\s+CLUSTER\s+VERSION\s+STATUS\s+AUTH MODE\s+ENDPOINT\s+ACCESS ENTRIES$/);
    expect(lines).toHaveLength(1 + 6);
    expect(lines.find((line) => line.includes('dev-next'))).toMatch(/CREATING/);
    expect(lines.find((line) => line.includes('prod-legacy'))).toMatch(/CONFIG_MAP\s+public\s+yes$/);
  });

  it('lets kubectl list the nodes with an admin role, through the exec credential helper', async () => {
    const context = await contextFor('prod-api', 'AdministratorAccess');
    const result = await kubectl(['--context', context, 'get', 'nodes', '-o', 'name'], env);
    expect(result.stderr).toBe('');
    expect(result.stdout.trim().split('\n').sort()).toEqual([
      'node/ip-10-0-1-17.eu-west-1.compute.internal',
      'node/ip-10-0-2-44.eu-west-1.compute.internal',
      'node/ip-10-0-3-91.eu-west-1.compute.internal',
    ]);
    expect(result.code).toBe(0);
  });

  it('works for a CONFIG_MAP cluster through aws-auth', async () => {
    const result = await kubectl(['--context', await contextFor('prod-legacy', 'AdministratorAccess'), 'get', 'namespaces', '-o', 'name'], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('namespace/legacy-billing');
  });

  it('gets Unauthorized for a role the cluster does not map', async () => {
    const result = await kubectl(['--context', await contextFor('sandbox-unknown', 'AdministratorAccess'), 'get', 'nodes', '-v=6'], env);
    expect(result.code).not.toBe(0);
    // kubectl's wording for an HTTP 401 (EKS answers 401 for a principal it does not map).
    expect(result.stderr).toContain('You must be logged in to the server');
    expect(result.stderr).toMatch(/GET https:\/\/\S+ 401 Unauthorized/);
  });

  it('switches the current context with eks-sso use, and suggests names for a typo', async () => {
    const context = await contextFor('dev-shared', 'Developer');
    const switched = await eksSso(['use', context], env);
    expect(switched.code).toBe(0);
    expect((await readKubeconfigSummary({ env })).currentContext).toBe(context);
    const current = await kubectl(['config', 'current-context'], env);
    expect(current.stdout.trim()).toBe(context);
    const pods = await kubectl(['get', 'pods', '-n', 'team-a', '-o', 'name'], env);
    expect(pods.stdout).toContain('pod/web-6d8f7c9b5-abcde');

    const typo = await eksSso(['use', context.replace('dev-shared', 'dev-sharde')], env);
    expect(typo.code).toBe(1);
    expect(typo.stderr.trim().split('\n')).toHaveLength(1);
    expect(typo.stderr).toContain(`Closest: ${context}`);
  });

  it.skipIf(!awsPath)('with --exec aws, kubectl gets its token from the aws CLI through the profile eks-sso profiles wrote', async () => {
    // The aws CLI v1 reads the sso-session profile and our token cache; keep it from fetching URLs.
    await writeFile(env.AWS_CONFIG_FILE!, `[default]\ncli_follow_urlparam = false\n\n${await readFile(env.AWS_CONFIG_FILE!, 'utf8')}`);
    const profiles = await eksSso(['profiles', '--session', SESSION], env);
    expect(profiles.code).toBe(0);
    const file = path.join(home, 'aws-exec-kubeconfig');
    const written = await eksSso(['kubeconfig', '--exec', 'aws', '--file', file, '--regions', 'eu-west-1,us-east-1'], env);
    expect(written.code).toBe(0);
    const context = await contextFor('prod-api', 'AdministratorAccess', file);
    const result = await kubectl(['--kubeconfig', file, '--context', context, 'get', 'nodes', '-o', 'name'], env, 120_000);
    expect(result.stderr).toBe('');
    expect(result.stdout.trim().split('\n')).toHaveLength(3);
  }, 180_000);
});
