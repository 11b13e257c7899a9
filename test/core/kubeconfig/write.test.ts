import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { copyFile, mkdtemp, readFile, rm, stat, writeFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { planContexts } from '../../../main/core/kubeconfig/contexts.js';
import { kubeconfigPath, readKubeconfigSummary, useContext, writeKubeconfig } from '../../../main/core/kubeconfig/write.js';
import { CoreError } from '../../../main/core/errors.js';
import { clusterInfo, coreContext } from './clusters.js';

const FIXTURE = new URL('./fixtures/kubeconfig-from-aws-eks-update-kubeconfig.yaml', import.meta.url);
const accounts = [{ accountId: '111122223333', accountName: 'prod', roles: ['Admin', 'ReadOnly'] }];
const exec = { command: '/opt/node/bin/node', args: ['/opt/eks-sso/cli/eks-sso.js'] };

interface Entry {
  name: string;
  [key: string]: unknown;
}
interface Parsed {
  clusters: Entry[];
  contexts: Entry[];
  users: Entry[];
  'current-context': string;
  preferences: unknown;
}

let folder: string;
let file: string;
beforeEach(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'eks-sso-kubeconfig-'));
  file = path.join(folder, 'config');
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

const context = () => coreContext({ HOME: folder, KUBECONFIG: file });
const read = async (): Promise<Parsed> => parse(await readFile(file, 'utf8')) as Parsed;
const plan = (names = ['payments', 'web']) => planContexts(names.map((name) => clusterInfo({ name })), accounts, '{account}/{role}/{cluster}');

describe('writeKubeconfig', () => {
  it('adds our entries next to what aws eks update-kubeconfig wrote and leaves all of that as it was', async () => {
    await copyFile(FIXTURE, file);
    const original = await readFile(file, 'utf8');
    const foreign = parse(original) as Parsed;

    const summary = await writeKubeconfig(context(), plan(), { execMode: 'builtin', exec });
    expect(summary.added).toEqual(['prod/Admin/payments', 'prod/Admin/web', 'prod/ReadOnly/payments', 'prod/ReadOnly/web']);
    expect(summary.updated).toEqual([]);
    expect(summary.removed).toEqual([]);
    expect(summary.written).toBe(true);

    const after = await read();
    for (const section of ['clusters', 'contexts', 'users'] as const) {
      for (const entry of foreign[section]) expect(after[section]).toContainEqual(entry);
    }
    expect(after['current-context']).toBe('web-admin');
    expect(after.preferences).toEqual({});
    expect(after.contexts).toHaveLength(2 + 4);
    expect(after.clusters).toHaveLength(2 + 2);
    expect(after.users).toHaveLength(2 + 4);
    // The foreign text, comments included, is kept byte for byte at the top of the file.
    expect(await readFile(file, 'utf8')).toContain(original.split('\nclusters:')[0]);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readFile(`${file}.eks-sso.bak`, 'utf8')).toBe(original);

    const ours = after.contexts.find((entry) => entry.name === 'prod/ReadOnly/web')!;
    expect(ours.context).toMatchObject({
      cluster: 'eks-sso:arn:aws:eks:eu-west-1:111122223333:cluster/web',
      user: 'eks-sso:acme:ReadOnly@arn:aws:eks:eu-west-1:111122223333:cluster/web',
      extensions: [{ name: 'eks-sso', extension: { session: 'acme', accountId: '111122223333', roleName: 'ReadOnly', cluster: 'web', region: 'eu-west-1' } }],
    });
    const user = after.users.find((entry) => entry.name === 'eks-sso:acme:ReadOnly@arn:aws:eks:eu-west-1:111122223333:cluster/web')!;
    expect(user.user).toMatchObject({
      exec: {
        apiVersion: 'client.authentication.k8s.io/v1beta1',
        command: '/opt/node/bin/node',
        args: ['/opt/eks-sso/cli/eks-sso.js', 'token', '--session', 'acme', '--account', '111122223333', '--role', 'ReadOnly', '--region', 'eu-west-1', '--cluster', 'web'],
        interactiveMode: 'Never',
      },
    });
    const cluster = after.clusters.find((entry) => entry.name === 'eks-sso:arn:aws:eks:eu-west-1:111122223333:cluster/web')!;
    expect(cluster.cluster).toMatchObject({ server: 'https://web.eu-west-1.eks.example.test', 'certificate-authority-data': Buffer.from('CA for web').toString('base64') });
  });

  it('does not write when nothing changed', async () => {
    await writeKubeconfig(context(), plan(), { execMode: 'builtin', exec });
    const before = await stat(file);
    await rm(`${file}.eks-sso.bak`, { force: true });
    const summary = await writeKubeconfig(context(), plan(), { execMode: 'builtin', exec });
    expect(summary).toMatchObject({ added: [], updated: [], removed: [], written: false });
    const after = await stat(file);
    expect(after.ino).toBe(before.ino);
    expect(after.mtimeMs).toBe(before.mtimeMs);
    // (.config holds the product's own state: the hash of what we last wrote.)
    expect((await readdir(folder)).filter((name) => name !== '.config')).toEqual(['config']);
  });

  it('notices any edit made since its last run, even one that keeps our markers', async () => {
    await writeKubeconfig(context(), plan(), { execMode: 'builtin', exec });
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.replace('server: https://web.eu-west-1.eks.example.test', 'server: https://edited.example.test'));
    const summary = await writeKubeconfig(context(), plan(), { execMode: 'builtin', exec });
    expect(summary.updated).toEqual(['prod/Admin/web', 'prod/ReadOnly/web']);
    expect(await readFile(file, 'utf8')).toBe(text);
    // And a different plan on an unchanged file is not mistaken for "nothing to do".
    const more = await writeKubeconfig(context(), plan(['payments', 'web', 'api']), { execMode: 'builtin', exec });
    expect(more.added).toEqual(['prod/Admin/api', 'prod/ReadOnly/api']);
    const aws = await writeKubeconfig(context(), plan(['payments', 'web', 'api']), { execMode: 'aws' });
    expect(aws.updated).toHaveLength(6);
  });

  it('updates our entries when a cluster changes, keeping a namespace the user set and one backup', async () => {
    await writeKubeconfig(context(), plan(), { execMode: 'builtin', exec });
    const first = await readFile(file, 'utf8');
    const document = await read();
    const admin = document.contexts.find((entry) => entry.name === 'prod/Admin/web')!;
    (admin.context as Record<string, unknown>).namespace = 'team-a';
    const { stringify } = await import('yaml');
    await writeFile(file, stringify(document));

    const moved = planContexts([clusterInfo({ name: 'payments' }), clusterInfo({ name: 'web', endpoint: 'https://moved.example.test' })], accounts, '{account}/{role}/{cluster}');
    const summary = await writeKubeconfig(context(), moved, { execMode: 'builtin', exec });
    expect(summary.added).toEqual([]);
    expect(summary.updated).toEqual(['prod/Admin/web', 'prod/ReadOnly/web']);
    const after = await read();
    expect(after.clusters.find((entry) => entry.name.endsWith('cluster/web'))!.cluster).toMatchObject({ server: 'https://moved.example.test' });
    expect(after.contexts.find((entry) => entry.name === 'prod/Admin/web')!.context).toMatchObject({ namespace: 'team-a' });
    expect(await readFile(`${file}.eks-sso.bak`, 'utf8')).not.toBe(first);
    expect(parse(await readFile(`${file}.eks-sso.bak`, 'utf8'))).toEqual(document);
  });

  it('prunes only our own entries, and only for the sessions it was asked about', async () => {
    await copyFile(FIXTURE, file);
    await writeKubeconfig(context(), plan(['payments', 'web', 'old']), { execMode: 'builtin', exec });
    const otherSession = planContexts([clusterInfo({ name: 'elsewhere', session: 'other' })], accounts, '{session}/{role}/{cluster}');
    await writeKubeconfig(context(), otherSession, { execMode: 'builtin', exec });

    const kept = await writeKubeconfig(context(), plan(['payments', 'web']), { execMode: 'builtin', exec });
    expect(kept.removed).toEqual([]);
    const summary = await writeKubeconfig(context(), plan(['payments', 'web']), { execMode: 'builtin', exec, prune: true, pruneSessions: ['acme'] });
    expect(summary.removed).toEqual(['prod/Admin/old', 'prod/ReadOnly/old']);
    const after = await read();
    const names = after.contexts.map((entry) => entry.name);
    expect(names).toContain('arn:aws:eks:eu-west-1:123456789012:cluster/payments');
    expect(names).toContain('web-admin');
    expect(names).toContain('other/Admin/elsewhere');
    expect(names.filter((name) => name.includes('/old'))).toEqual([]);
    expect(after.clusters.map((entry) => entry.name).filter((name) => name.endsWith('cluster/old'))).toEqual([]);
    expect(after.users.map((entry) => entry.name).filter((name) => name.endsWith('cluster/old'))).toEqual([]);
    expect(after.users).toHaveLength(2 + 4 + 2);
  });

  it('refuses to overwrite a file it cannot parse, with one clear error', async () => {
    const broken = 'apiVersion: v1\nclusters:\n  - name: a\n    cluster: {server: "https://x\ncontexts: [\n';
    await writeFile(file, broken);
    const attempt = writeKubeconfig(context(), plan(), { execMode: 'builtin', exec });
    await expect(attempt).rejects.toBeInstanceOf(CoreError);
    await expect(attempt).rejects.toMatchObject({ code: 'corrupt-file' });
    await expect(attempt).rejects.toThrow(/is not a kubeconfig eks-sso can read \(line \d+/);
    expect(await readFile(file, 'utf8')).toBe(broken);
    expect(await readdir(folder)).toEqual(['config']);

    await writeFile(file, 'apiVersion: v1\ncontexts:\n- context: {cluster: a}\n');
    await expect(writeKubeconfig(context(), plan(), { execMode: 'builtin', exec })).rejects.toThrow('contexts[0].name is missing');
  });

  it('never takes over a name someone else already uses', async () => {
    await writeFile(file, 'apiVersion: v1\nkind: Config\ncontexts:\n- name: prod/Admin/web\n  context: {cluster: mine, user: me}\n');
    const summary = await writeKubeconfig(context(), plan(['web']), { execMode: 'builtin', exec });
    expect(summary.conflicts).toEqual(['prod/Admin/web']);
    expect(summary.added).toEqual(['prod/ReadOnly/web']);
    const after = await read();
    expect(after.contexts.find((entry) => entry.name === 'prod/Admin/web')).toEqual({ name: 'prod/Admin/web', context: { cluster: 'mine', user: 'me' } });
  });

  it('writes the aws CLI exec shape with --exec aws, AWS_PROFILE named by the profile template', async () => {
    await writeKubeconfig(context(), plan(['payments']), { execMode: 'aws', profileTemplate: '{account}.{role}' });
    const after = await read();
    const user = after.users.find((entry) => entry.name.startsWith('eks-sso:acme:Admin@'))!;
    const fixtureUser = (parse(await readFile(FIXTURE, 'utf8')) as Parsed).users[0]!.user as { exec: Record<string, unknown> };
    expect((user.user as { exec: unknown }).exec).toEqual({ ...fixtureUser.exec, env: [{ name: 'AWS_PROFILE', value: 'prod.Admin' }] });
  });

  it('creates a missing file (and folder) in the shape kubectl starts with', async () => {
    const nested = path.join(folder, 'nested', 'kube', 'config');
    const summary = await writeKubeconfig(coreContext({ HOME: folder }), plan(['web']), { execMode: 'builtin', exec, file: nested });
    expect(summary.file).toBe(nested);
    const after = parse(await readFile(nested, 'utf8')) as Parsed & { kind: string; apiVersion: string };
    expect(after).toMatchObject({ apiVersion: 'v1', kind: 'Config', 'current-context': '' });
    expect(after.contexts.map((entry) => entry.name)).toEqual(['prod/Admin/web', 'prod/ReadOnly/web']);
    expect(await readdir(path.dirname(nested))).toEqual(['config']);
  });
});

describe('useContext', () => {
  it('switches current-context and nothing else', async () => {
    await copyFile(FIXTURE, file);
    await writeKubeconfig(context(), plan(), { execMode: 'builtin', exec });
    const before = await read();
    await useContext(context(), 'prod/ReadOnly/web');
    const after = await read();
    expect(after['current-context']).toBe('prod/ReadOnly/web');
    expect({ ...after, 'current-context': 'x' }).toEqual({ ...before, 'current-context': 'x' });
    expect(await readKubeconfigSummary(context())).toMatchObject({
      file,
      currentContext: 'prod/ReadOnly/web',
      ourContexts: ['prod/Admin/payments', 'prod/Admin/web', 'prod/ReadOnly/payments', 'prod/ReadOnly/web'],
    });
  });

  it('lists the closest names for an unknown context and leaves the file alone', async () => {
    await copyFile(FIXTURE, file);
    await writeKubeconfig(context(), plan(), { execMode: 'builtin', exec });
    const before = await readFile(file, 'utf8');
    const attempt = useContext(context(), 'prod/admin/paymnts');
    await expect(attempt).rejects.toMatchObject({ code: 'not-found' });
    await expect(attempt).rejects.toSatisfy((error: CoreError) => error.toLine().includes('Closest: prod/Admin/payments'));
    expect(await readFile(file, 'utf8')).toBe(before);
  });
});

describe('kubeconfigPath', () => {
  it('takes --file, then the first KUBECONFIG entry, then ~/.kube/config', () => {
    expect(kubeconfigPath({ HOME: '/home/a', KUBECONFIG: '/x/one:/x/two' }, '/explicit')).toBe('/explicit');
    expect(kubeconfigPath({ HOME: '/home/a', KUBECONFIG: ':/x/one:/x/two' })).toBe('/x/one');
    expect(kubeconfigPath({ HOME: '/home/a' })).toBe('/home/a/.kube/config');
  });
});
