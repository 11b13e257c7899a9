#!/usr/bin/env node
// Reachability benchmark (issue 7): `eks-sso check` over 200 contexts of which 20 have an
// endpoint that accepts connections and never answers, with the default 5 s per-check timeout.
// Checks run in parallel, so the total should be close to the slowest check (the timeout), not
// the sum. Target: under 7 s. The sandbox runs in its own process, started by the built CLI.
// Run: node scripts/build.js cli && node bench/check.js [--contexts 200] [--hanging 20] [--timeout 5]
// BENCH_DEBUG=1 prints the first results' details; BENCH_NODE_ARGS="--cpu-prof" profiles the check run.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { printTable, startSandboxCli } from './lib.js';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const cli = path.join(root, 'dist', 'cli', 'eks-sso.js');
const { values } = parseArgs({ options: { contexts: { type: 'string', default: '200' }, hanging: { type: 'string', default: '20' }, timeout: { type: 'string', default: '5' } } });
const contexts = Number(values.contexts);
const hanging = Number(values.hanging);
const timeoutSeconds = Number(values.timeout);

if (!existsSync(cli)) {
  console.error('dist/cli/eks-sso.js is missing: run `node scripts/build.js cli` first.');
  process.exit(1);
}

// One user, one permission set, 10 clusters per account in one region: one context per cluster.
const perAccount = 10;
const accounts = Math.ceil(contexts / perAccount);
const clusterLines = [];
for (let index = 0; index < contexts; index++) {
  const account = String(100000000000 + Math.floor(index / perAccount) * 7919);
  clusterLines.push(
    `  - name: bench-${String(index + 1).padStart(3, '0')}`,
    `    account: "${account}"`,
    '    region: eu-west-1',
    '    version: "1.33"',
    '    authenticationMode: API',
    // Spread the hanging ones out, so they land in every part of the batch.
    ...(index % Math.max(1, Math.floor(contexts / hanging)) === 0 && index / Math.floor(contexts / hanging) < hanging ? ['    endpoint: hang'] : []),
    '    accessEntries:',
    '      - permissionSet: AdministratorAccess',
    '        policies: [{ policy: AmazonEKSClusterAdminPolicy }]',
  );
}
const scenario = [
  'identityCenter:',
  '  region: eu-west-1',
  '  startUrl: https://d-9000bench00.awsapps.com/start',
  'users:',
  '  - name: bench@example.com',
  'accounts:',
  ...Array.from({ length: accounts }, (_, index) => [`  - id: "${100000000000 + index * 7919}"`, `    name: bench-account-${index + 1}`]).flat(),
  'permissionSets:',
  '  - name: AdministratorAccess',
  '    actions: ["*"]',
  'assignments:',
  '  - user: bench@example.com',
  `    accounts: [${Array.from({ length: accounts }, (_, index) => `"${100000000000 + index * 7919}"`).join(', ')}]`,
  '    permissionSet: AdministratorAccess',
  'clusters:',
  ...clusterLines,
  '',
].join('\n');

const home = await mkdtemp(path.join(tmpdir(), 'eks-sso-bench-check-'));
const stateFile = path.join(home, 'sandbox.json');
const scenarioFile = path.join(home, 'scenario.yaml');
await writeFile(scenarioFile, scenario);
const configDir = path.join(home, '.config', 'eks-sso');
await mkdir(configDir, { recursive: true });
await writeFile(path.join(configDir, 'settings.json'), JSON.stringify({ regions: ['eu-west-1'] }));
const baseEnv = {
  ...process.env,
  HOME: home,
  XDG_CONFIG_HOME: path.join(home, '.config'),
  AWS_CONFIG_FILE: path.join(home, 'aws-config'),
  KUBECONFIG: path.join(home, 'kubeconfig'),
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

function runCli(args, env) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const extra = args[0] === 'check' && process.env.BENCH_NODE_ARGS ? process.env.BENCH_NODE_ARGS.split(' ') : [];
    const child = spawn(process.execPath, [...extra, cli, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (err += chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, out, err, ms: performance.now() - started }));
  });
}

const { state, stop } = await startSandboxCli(cli, ['--scenario', scenarioFile, '--auto-approve'], { env: baseEnv, stateFile });
try {
  const env = { ...baseEnv, ...state.env };
  const must = async (args) => {
    const result = await runCli(args, env);
    if (result.code !== 0) throw new Error(`eks-sso ${args.join(' ')} failed: ${result.err.trim()}`);
    return result;
  };
  await must(['login', '--start-url', state.startUrl, '--region', state.region, '--session', 'bench', '--no-browser']);
  // Discovery and the kubeconfig first, so the timed run measures the checks (caches warm).
  await must(['kubeconfig', '--session', 'bench']);
  const run = await runCli(['check', '--json', '--timeout', String(timeoutSeconds)], env);
  if (run.code !== 0) throw new Error(`eks-sso check failed: ${run.err.trim()}`);
  const results = JSON.parse(run.out);
  if (process.env.BENCH_DEBUG) console.log(results.slice(0, 12).map((r) => `${r.contextName} ${r.status} ${r.latencyMs} ${r.detail}`).join("\n"), run.err);
  const byStatus = {};
  for (const result of results) byStatus[result.status] = (byStatus[result.status] ?? 0) + 1;
  const latencies = results.map((result) => result.latencyMs ?? 0);
  const slowest = Math.max(...latencies);
  const sum = latencies.reduce((total, value) => total + value, 0);
  const rows = [
    ['contexts checked', String(results.length)],
    ['endpoints that hang', String(hanging)],
    ['per-check timeout', `${timeoutSeconds} s`],
    ['statuses', Object.entries(byStatus).map(([status, count]) => `${status} ${count}`).join(', ')],
    ['slowest single check', `${(slowest / 1000).toFixed(2)} s`],
    ['sum of all checks (serial cost)', `${(sum / 1000).toFixed(1)} s`],
    ['`eks-sso check` wall time', `${(run.ms / 1000).toFixed(2)} s`],
    ['target', '< 7 s'],
    ['verdict', run.ms < 7000 ? 'PASS' : 'MISS'],
  ];
  printTable(['measure', 'value'], rows);
} finally {
  await stop();
  await rm(home, { recursive: true, force: true });
}
