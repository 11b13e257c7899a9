#!/usr/bin/env node
// Sign-in benchmarks (issue 5), against the sandbox started by the built CLI:
//   1. `eks-sso status` wall time with a warm cache (target: under 150 ms), run as the installed
//      command runs it (bin/eks-sso.cjs: the light bundle), and through the main build for reference;
//   2. listing a generated organisation of 1,000 accounts × 3 roles with the portal throttled
//      to 20 requests per second, against the lower bound that limit allows (calls ÷ 20 s;
//      target: within 1.2×, zero failed accounts).
//      The listing runs at the product's default pace (20 req/s, adaptive: slower after a
//      429, back up after calm) unless --rate R is given, and the table says which.
// Run: node scripts/build.js cli && node bench/signin.js [--accounts N] [--rate R]
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { printTable, startSandboxCli } from './lib.js';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const cli = path.join(root, 'dist', 'cli', 'eks-sso.js');
const bin = path.join(root, 'bin', 'eks-sso.cjs');
const { values } = parseArgs({ options: { accounts: { type: 'string', default: '1000' }, rate: { type: 'string' }, runs: { type: 'string', default: '15' } } });
const accounts = Number(values.accounts);
const rate = values.rate === undefined ? undefined : Number(values.rate);
const runs = Number(values.runs);

if (!existsSync(cli)) {
  console.error('dist/cli/eks-sso.js is missing: run `node scripts/build.js cli` first.');
  process.exit(1);
}

const home = await mkdtemp(path.join(tmpdir(), 'eks-sso-bench-'));
const stateFile = path.join(home, 'sandbox.json');
const baseEnv = { ...process.env, HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), AWS_CONFIG_FILE: path.join(home, 'aws-config'), AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };

function runCli(args, env, script = cli) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [script, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (err += chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, out, err, ms: performance.now() - started }));
  });
}

async function admin(adminUrl, method, route, body) {
  const response = await fetch(new URL(route, adminUrl), { method, headers: { 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) });
  if (!response.ok) throw new Error(`admin ${method} ${route}: ${response.status} ${await response.text()}`);
  return response.json();
}

const { state, stop } = await startSandboxCli(cli, ['--generate', `accounts=${accounts},roles=3,regions=1,clusters=0`, '--auto-approve'], { env: baseEnv, stateFile });
try {
  const env = { ...baseEnv, ...state.env };

  const login = await runCli(['login', '--start-url', state.startUrl, '--region', state.region, '--session', 'bench', '--no-browser'], env);
  if (login.code !== 0) throw new Error(`login failed: ${login.err}`);

  // The floor on this machine: starting Node itself.
  const nodeTimes = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    await new Promise((resolve) => spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' }).once('close', resolve));
    nodeTimes.push(performance.now() - started);
  }
  nodeTimes.sort((a, b) => a - b);
  const nodeMedian = nodeTimes[Math.floor(nodeTimes.length / 2)];

  // Interleaved, so both see the same machine.
  const statusTimes = [];
  const mainBuildTimes = [];
  for (let run = 0; run < runs; run++) {
    for (const [script, times] of [[bin, statusTimes], [cli, mainBuildTimes]]) {
      const status = await runCli(['status'], env, script);
      if (status.code !== 0) throw new Error(`status failed: ${status.err}`);
      times.push(status.ms);
    }
  }
  statusTimes.sort((a, b) => a - b);
  mainBuildTimes.sort((a, b) => a - b);
  const median = statusTimes[Math.floor(statusTimes.length / 2)];
  const mainBuildMedian = mainBuildTimes[Math.floor(mainBuildTimes.length / 2)];

  for (const operation of ['ListAccounts', 'ListAccountRoles']) {
    await admin(state.adminUrl, 'POST', '/faults', { operation, throttle: { rate: 20, burst: 20 } });
  }
  await admin(state.adminUrl, 'DELETE', '/requests');
  const listing = await runCli(['accounts', '--refresh', '--json', ...(rate === undefined ? [] : ['--rate', String(rate)])], env);
  if (listing.code !== 0) throw new Error(`accounts failed: ${listing.err}`);
  const result = JSON.parse(listing.out);
  const counts = await admin(state.adminUrl, 'GET', '/counts');
  const perOperation = counts.counts ?? counts;
  const statuses = counts.statuses ?? {};
  const calls = (perOperation.ListAccounts ?? 0) + (perOperation.ListAccountRoles ?? 0);
  const throttled = Object.entries(statuses)
    .filter(([key]) => key.endsWith(' 429'))
    .reduce((sum, [, value]) => sum + value, 0);
  const lowerBoundMs = ((calls - throttled) / 20) * 1000;
  const failed = result.accounts.filter((account) => account.error).length;
  const roles = result.accounts.reduce((sum, account) => sum + account.roles.length, 0);

  const rows = [
    ['eks-sso status (bin/eks-sso.cjs), warm cache, median of ' + runs, `${median.toFixed(0)} ms`, 'under 150 ms', median < 150 ? 'ok' : 'slow'],
    ['for reference: node -e 0 (median)', `${nodeMedian.toFixed(0)} ms`, '', ''],
    ['eks-sso status, fastest / slowest', `${statusTimes[0].toFixed(0)} / ${statusTimes.at(-1).toFixed(0)} ms`, '', ''],
    ['for reference: node dist/cli/eks-sso.js status (main build)', `${mainBuildMedian.toFixed(0)} ms`, '', ''],
    [`accounts listed × roles`, `${result.accounts.length} × ${(roles / Math.max(1, result.accounts.length)).toFixed(1)}`, `${accounts} × 3`, result.accounts.length === accounts ? 'ok' : 'MISSING'],
    ['pace asked of eks-sso accounts', rate === undefined ? 'product default (20 req/s, adaptive)' : `--rate ${rate} req/s`, '', ''],
    ['portal calls (ListAccounts + ListAccountRoles)', String(calls), '', ''],
    ['answered 429 by the portal', String(throttled), '', ''],
    ['listing wall time (eks-sso accounts --refresh)', `${(listing.ms / 1000).toFixed(1)} s`, '', ''],
    ['lower bound at 20 req/s (successful calls ÷ 20)', `${(lowerBoundMs / 1000).toFixed(1)} s`, '', ''],
    ['ratio to the lower bound', `${(listing.ms / lowerBoundMs).toFixed(2)}×`, 'within 1.2×', listing.ms / lowerBoundMs <= 1.2 ? 'ok' : 'slow'],
    ['failed accounts', String(failed), '0', failed === 0 ? 'ok' : 'FAILED'],
  ];
  printTable(['measure', 'value', 'target', ''], rows);
} finally {
  await stop();
  await rm(home, { recursive: true, force: true });
}
