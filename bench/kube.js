#!/usr/bin/env node
// Kubeconfig and exec-credential benchmarks (issue 6), printed side by side:
//   1. `eks-sso token` wall time (cached role credentials) against `node -e 0` (target: within
//      1.5×) and `aws eks get-token` (target: at least 5× faster);
//   2. writing 3,000 of our contexts into a kubeconfig that holds 2,000 foreign ones (target:
//      under 1 s), plus the no-change run that must not write;
//   3. discovering a generated organisation of 1,000 accounts × 4 regions with EKS limited to
//      10 requests per second per account and region (target: within 1.2× of the bound).
// Run: node scripts/build.js cli && node bench/kube.js [--runs N] [--accounts N] [--skip-discovery]
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { printTable, startSandboxCli } from './lib.js';
import { build } from 'esbuild';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const cli = path.join(root, 'dist', 'cli', 'eks-sso.js');
const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '15' },
    accounts: { type: 'string', default: '1000' },
    'skip-discovery': { type: 'boolean', default: false },
  },
});
const runs = Number(values.runs);
const accounts = Number(values.accounts);
const REGIONS = ['us-east-1', 'eu-west-1', 'us-west-2', 'ap-southeast-2'];

if (!existsSync(cli)) {
  console.error('dist/cli/eks-sso.js is missing: run `node scripts/build.js cli` first.');
  process.exit(1);
}

const home = await mkdtemp(path.join(tmpdir(), 'eks-sso-bench-kube-'));
const baseEnv = {
  ...process.env,
  HOME: home,
  XDG_CONFIG_HOME: path.join(home, '.config'),
  AWS_CONFIG_FILE: path.join(home, 'aws-config'),
  KUBECONFIG: path.join(home, '.kube', 'config'),
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};
const rows = [];

function timed(command, args, env) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (err += chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, out, err, ms: performance.now() - started }));
  });
}

function which(name) {
  return (process.env.PATH ?? '').split(path.delimiter).map((folder) => path.join(folder, name)).find((candidate) => existsSync(candidate)) ?? null;
}

async function median(times, command, args, env, check) {
  const samples = [];
  for (let run = 0; run < times; run++) {
    const result = await timed(command, args, env);
    if (check && !check(result)) throw new Error(`${path.basename(command)} ${args.join(' ')} failed: ${result.err}`);
    samples.push(result.ms);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)];
}

const ms = (value) => `${value.toFixed(0)} ms`;

// ── 1. the exec credential helper ─────────────────────────────────────────────────────────
async function benchToken() {
  const secrets = path.join(home, '.config', 'eks-sso', 'secrets');
  await mkdir(secrets, { recursive: true, mode: 0o700 });
  const credentials = { accessKeyId: 'ASIABENCHEXAMPLE0001', secretAccessKey: 'benchSecretKey0123456789abcdefEXAMPLE', sessionToken: 'bench-session-token', expiration: Date.now() + 3_600_000 };
  const key = 'sso-role-credentials/bench/111111111111/AdministratorAccess';
  await writeFile(path.join(secrets, `${Buffer.from(key).toString('base64url')}.secret`), JSON.stringify(credentials), { mode: 0o600 });
  const tokenArgs = [cli, 'token', '--session', 'bench', '--account', '111111111111', '--role', 'AdministratorAccess', '--region', 'eu-west-1', '--cluster', 'payments'];
  const ok = (result) => result.code === 0 && result.out.includes('"ExecCredential"');

  const nodeMs = await median(runs, process.execPath, ['-e', '0'], baseEnv);
  const tokenMs = await median(runs, process.execPath, tokenArgs, baseEnv, ok);
  rows.push(['node -e 0 (median of ' + runs + ')', ms(nodeMs), '', '']);
  rows.push(['eks-sso token, cached credentials (median)', ms(tokenMs), 'within 1.5× of node', tokenMs <= nodeMs * 1.5 ? `ok (${(tokenMs / nodeMs).toFixed(2)}×)` : `slow (${(tokenMs / nodeMs).toFixed(2)}×)`]);
  const aws = which('aws');
  if (!aws) {
    rows.push(['aws eks get-token', 'not installed', '', '']);
    return;
  }
  const awsEnv = { ...baseEnv, AWS_ACCESS_KEY_ID: credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey, AWS_SESSION_TOKEN: credentials.sessionToken };
  const awsMs = await median(Math.min(runs, 7), aws, ['eks', 'get-token', '--region', 'eu-west-1', '--cluster-name', 'payments', '--output', 'json'], awsEnv, ok);
  rows.push(['aws eks get-token, same credentials (median)', ms(awsMs), 'eks-sso ≥ 5× faster', awsMs >= tokenMs * 5 ? `ok (${(awsMs / tokenMs).toFixed(1)}×)` : `slow (${(awsMs / tokenMs).toFixed(1)}×)`]);
}

// ── 2. writing a large kubeconfig ─────────────────────────────────────────────────────────
async function benchWrite() {
  // The writer itself, bundled from source the way the CLI bundles it.
  const outdir = path.join(home, 'bundle');
  await build({
    stdin: {
      contents: "export { writeKubeconfig } from './main/core/kubeconfig/write.ts'; export { planContexts } from './main/core/kubeconfig/contexts.ts';",
      resolveDir: root,
      sourcefile: 'bench-entry.ts',
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    outfile: path.join(outdir, 'kubeconfig.js'),
    logLevel: 'warning',
    // Bundled CommonJS dependencies still call require(); give the ESM bundle one (as scripts/build.js does).
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  });
  await writeFile(path.join(outdir, 'package.json'), '{"type":"module"}\n');
  const { writeKubeconfig, planContexts } = await import(pathToFileURL(path.join(outdir, 'kubeconfig.js')).href);

  const foreign = {
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    'current-context': 'foreign-0',
    clusters: Array.from({ length: 2000 }, (_, index) => ({ name: `foreign-${index}`, cluster: { server: `https://foreign-${index}.example.test`, 'certificate-authority-data': 'Q0EtREFUQQ=='.repeat(100) } })),
    contexts: Array.from({ length: 2000 }, (_, index) => ({ name: `foreign-${index}`, context: { cluster: `foreign-${index}`, user: `foreign-${index}` } })),
    users: Array.from({ length: 2000 }, (_, index) => ({ name: `foreign-${index}`, user: { exec: { apiVersion: 'client.authentication.k8s.io/v1beta1', command: 'aws', args: ['eks', 'get-token', '--cluster-name', `foreign-${index}`] } } })),
  };
  const { stringify } = await import('yaml');
  const foreignText = stringify(foreign);
  // 1,000 clusters in 250 accounts × 3 roles = 3,000 contexts.
  const clusters = Array.from({ length: 1000 }, (_, index) => {
    const accountId = String(200000000000 + Math.floor(index / 4));
    const region = REGIONS[index % REGIONS.length];
    const name = `cluster-${index}`;
    return {
      session: 'bench', accountId, accountName: `account-${Math.floor(index / 4)}`, region, name, arn: `arn:aws:eks:${region}:${accountId}:cluster/${name}`,
      endpoint: `https://${name}.${region}.eks.example.test`, certificateAuthorityData: 'Q0EtREFUQQ=='.repeat(100), version: '1.31', platformVersion: 'eks.5', status: 'ACTIVE',
      authenticationMode: 'API', endpointPublicAccess: true, endpointPrivateAccess: false, accessEntriesSupported: true, listedByRole: 'AdministratorAccess',
    };
  });
  const accountRoles = [...new Set(clusters.map((cluster) => cluster.accountId))].map((accountId) => ({ accountId, accountName: `account-${Number(accountId) - 200000000000}`, roles: ['AdministratorAccess', 'Developer', 'ReadOnly'] }));
  const file = path.join(home, 'large', 'config');
  const context = { env: { HOME: home } };
  const options = { file, execMode: 'builtin', exec: { command: process.execPath, args: [cli] } };

  const writes = [];
  const noops = [];
  let summary;
  for (let run = 0; run < 5; run++) {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, foreignText);
    const started = performance.now();
    const plan = planContexts(clusters, accountRoles, '{account}/{role}/{cluster}');
    summary = await writeKubeconfig(context, plan, options);
    writes.push(performance.now() - started);
    const again = performance.now();
    const unchanged = await writeKubeconfig(context, planContexts(clusters, accountRoles, '{account}/{role}/{cluster}'), options);
    noops.push(performance.now() - again);
    if (unchanged.written) throw new Error('the unchanged run wrote the file');
  }
  writes.sort((a, b) => a - b);
  noops.sort((a, b) => a - b);
  const size = (await readFile(file)).length;
  const writeMs = writes[Math.floor(writes.length / 2)];
  rows.push([`write ${summary.added.length} contexts next to 2,000 foreign (median of 5)`, ms(writeMs), 'under 1 s', writeMs < 1000 ? 'ok' : 'slow']);
  rows.push(['  the same again, nothing changed (no write)', ms(noops[Math.floor(noops.length / 2)]), '', '']);
  rows.push(['  resulting file size', `${(size / 1024 / 1024).toFixed(1)} MB`, '', '']);
}

// ── 3. discovery of a large organisation ──────────────────────────────────────────────────
async function admin(adminUrl, method, route, body) {
  const response = await fetch(new URL(route, adminUrl), { method, headers: { 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) });
  if (!response.ok) throw new Error(`admin ${method} ${route}: ${response.status} ${await response.text()}`);
  return response.json();
}

async function benchDiscovery() {
  const stateFile = path.join(home, 'sandbox.json');
  const { state, stop } = await startSandboxCli(cli, ['--generate', `accounts=${accounts},roles=3,regions=4,clusters=2`, '--auto-approve'], {
    env: baseEnv,
    stateFile,
    timeoutMs: 120_000,
  });
  try {
    const env = { ...baseEnv, ...state.env };
    const login = await timed(process.execPath, [cli, 'login', '--start-url', state.startUrl, '--region', state.region, '--session', 'bench', '--no-browser'], env);
    if (login.code !== 0) throw new Error(`login failed: ${login.err}`);
    const regions = ['--regions', REGIONS.join(',')];
    const clusters = (extra) => timed(process.execPath, [cli, 'clusters', '--session', 'bench', ...regions, '--refresh', '--json', ...extra], env);

    // Accounts, roles and one role's credentials per account: cached before the timed runs,
    // so what is timed is EKS (ListClusters + DescribeCluster per account and region).
    const accountsRun = await timed(process.execPath, [cli, 'accounts', '--session', 'bench', '--rate', '200', '--json'], env);
    if (accountsRun.code !== 0) throw new Error(`accounts failed: ${accountsRun.err}`);
    const warm = await clusters(['--rate', '200']);
    if (warm.code !== 0) throw new Error(`clusters failed: ${warm.err}`);

    await admin(state.adminUrl, 'DELETE', '/requests');
    const free = await clusters([]);
    if (free.code !== 0) throw new Error(`clusters failed: ${free.err}`);
    const freeResult = JSON.parse(free.out);

    for (const operation of ['ListClusters', 'DescribeCluster']) await admin(state.adminUrl, 'POST', '/faults', { operation, throttle: { rate: 10, burst: 10 } });
    await admin(state.adminUrl, 'DELETE', '/requests');
    const paced = await clusters([]);
    if (paced.code !== 0) throw new Error(`clusters failed: ${paced.err}`);
    const result = JSON.parse(paced.out);
    const { counts, statuses } = await admin(state.adminUrl, 'GET', '/counts');
    const throttled = Object.entries(statuses).filter(([key]) => key.endsWith(' 429')).reduce((sum, [, value]) => sum + value, 0);

    // The bound the limits allow: each account + region pair needs (calls − burst) ÷ rate
    // seconds at least, pairs run in parallel; on this machine no run can beat the same
    // discovery without any throttle, so the bound is the larger of the two.
    const perPair = new Map();
    for (const cluster of result.clusters) perPair.set(`${cluster.accountId}/${cluster.region}`, (perPair.get(`${cluster.accountId}/${cluster.region}`) ?? 1) + 1);
    const limitBoundMs = (Math.max(0, ...[...perPair.values()].map((calls) => calls - 10)) / 10) * 1000;
    const boundMs = Math.max(limitBoundMs, free.ms);
    const pairs = accounts * REGIONS.length;
    rows.push([`accounts × regions discovered`, `${accounts} × ${REGIONS.length} (${pairs} pairs)`, '', '']);
    rows.push(['clusters found / failed pairs', `${result.clusters.length} / ${result.failures.length}`, `${accounts * 2} / 0`, result.clusters.length === accounts * 2 && result.failures.length === 0 ? 'ok' : 'MISSING']);
    rows.push(['first run incl. 1 GetRoleCredentials per account', `${(warm.ms / 1000).toFixed(1)} s`, '', '']);
    rows.push(['discovery without throttling (machine floor)', `${(free.ms / 1000).toFixed(1)} s`, '', freeResult.clusters.length === accounts * 2 ? '' : 'MISSING']);
    rows.push(['EKS calls (ListClusters + DescribeCluster), 429s', `${(counts.ListClusters ?? 0) + (counts.DescribeCluster ?? 0)}, ${throttled}`, '', '']);
    rows.push(['discovery at 10 req/s per account + region', `${(paced.ms / 1000).toFixed(1)} s`, '', '']);
    rows.push(['lower bound (limits: ' + (limitBoundMs / 1000).toFixed(1) + ' s; machine floor)', `${(boundMs / 1000).toFixed(1)} s`, '', '']);
    rows.push(['ratio to the lower bound', `${(paced.ms / boundMs).toFixed(2)}×`, 'within 1.2×', paced.ms / boundMs <= 1.2 ? 'ok' : 'slow']);
  } finally {
    await stop();
  }
}

try {
  await benchToken();
  await benchWrite();
  if (!values['skip-discovery']) await benchDiscovery();
} finally {
  printTable(['measure', 'value', 'target', ''], rows);
  await rm(home, { recursive: true, force: true });
}
