// Sandbox speed and size: how long the demo and a 1,000-account organisation take to come up
// (in process, and as `eks-sso sandbox` until its state file appears), the CLI process's RSS,
// and ListAccountRoles requests per second on loopback with no latency injected.
//
//   node scripts/build.js cli && node bench/sandbox.js [--seconds 5] [--concurrency 32]
//
// Targets (issue 3): demo < 1 s; 1,000 accounts < 3 s and < 300 MB RSS; ≥ 2,000 ListAccountRoles/s.
import { build } from 'esbuild';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const cli = path.join(root, 'dist', 'cli', 'eks-sso.js');
const { values } = parseArgs({ options: { seconds: { type: 'string', default: '5' }, concurrency: { type: 'string', default: '32' } } });
const seconds = Number(values.seconds);
const concurrency = Number(values.concurrency);
const GENERATED = 'accounts=1000,roles=3,regions=4,clusters=2';

if (!existsSync(cli)) {
  console.error('bench/sandbox.js: dist/cli/eks-sso.js is missing: run `node scripts/build.js cli` first');
  process.exit(1);
}
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

/** The sandbox's public module, bundled to a temp folder (dist/ ships only the CLI). */
async function loadSandbox(folder) {
  const outfile = path.join(folder, 'sandbox.mjs');
  await build({
    entryPoints: [path.join(root, 'sandbox', 'index.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  return import(outfile);
}

const milliseconds = (start) => performance.now() - start;

async function inProcessStart(sandbox, label, scenario) {
  const started = performance.now();
  const handle = await sandbox.startSandbox(scenario);
  const elapsed = milliseconds(started);
  return { label, elapsed, handle };
}

function rssMegabytes(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kilobytes = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kilobytes / 1024;
}

/** Starts the built CLI and waits for its state file: process start to ready. */
async function cliStart(args, folder, name) {
  const stateFile = path.join(folder, `${name}.json`);
  const started = performance.now();
  const child = spawn(process.execPath, [cli, 'sandbox', ...args, '--state-file', stateFile], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  while (!existsSync(stateFile)) {
    if (child.exitCode !== null) throw new Error(`eks-sso sandbox exited: ${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const elapsed = milliseconds(started);
  const rss = rssMegabytes(child.pid);
  child.kill('SIGTERM');
  await new Promise((resolve) => child.on('exit', resolve));
  return { elapsed, rss };
}

function request(agent, url, options = {}, body) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { agent, ...options }, (response) => {
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function signIn(agent, handle) {
  const oidc = handle.env.AWS_ENDPOINT_URL_SSO_OIDC;
  const post = (pathname, body) => request(agent, `${oidc}${pathname}`, { method: 'POST', headers: { 'content-type': 'application/json' } }, JSON.stringify(body)).then((r) => JSON.parse(r.body));
  const client = await post('/client/register', { clientName: 'bench', clientType: 'public', scopes: ['sso:account:access'] });
  const device = await post('/device_authorization', { clientId: client.clientId, clientSecret: client.clientSecret, startUrl: handle.startUrl });
  handle.admin.approveDevice(device.userCode);
  const token = await post('/token', { clientId: client.clientId, clientSecret: client.clientSecret, grantType: 'urn:ietf:params:oauth:grant-type:device_code', deviceCode: device.deviceCode });
  return token.accessToken;
}

/**
 * The load runs in its own process, so the client's work neither eats the server's event loop
 * nor counts in the server's CPU time (which, per request, says what one core can serve even
 * on a busy machine).
 */
const loadGenerator = `
const http = require('node:http');
const { portal, accessToken, accounts, concurrency, seconds } = JSON.parse(process.env.BENCH_LOAD);
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
const get = (url) => new Promise((resolve, reject) => {
  const req = http.request(url, { agent, headers: { 'x-amz-sso_bearer_token': accessToken } }, (response) => {
    response.resume();
    response.on('end', () => resolve(response.statusCode));
  });
  req.on('error', reject);
  req.end();
});
(async () => {
  let done = 0, failed = 0;
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async (_, index) => {
    let position = index;
    while (performance.now() < deadline) {
      const status = await get(portal + '/assignment/roles?account_id=' + accounts[position++ % accounts.length]);
      if (status === 200) done++; else failed++;
    }
  }));
  agent.destroy();
  process.stdout.write(JSON.stringify({ requests: done, rate: done / ((performance.now() - started) / 1000), failed }));
})();
`;

async function listAccountRolesRate(handle) {
  const agent = new http.Agent({ keepAlive: true });
  const accessToken = await signIn(agent, handle);
  agent.destroy();
  return measureLoad({ portal: handle.env.AWS_ENDPOINT_URL_SSO, accessToken, accounts: handle.scenario.accounts.map((account) => account.id), concurrency, seconds });
}

/** The same load against a bare Node HTTP server with a same-sized answer: what this machine allows right now. */
async function bareNodeRate() {
  const body = JSON.stringify({ roleList: [{ roleName: 'AWSReservedSSO_AdministratorAccess_0123456789abcdef', accountId: '111111111111' }] });
  const server = http.createServer((request, response) => {
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    response.end(body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    return await measureLoad({ portal: `http://127.0.0.1:${server.address().port}`, accessToken: 'unused', accounts: ['111111111111'], concurrency, seconds });
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

async function measureLoad(load) {
  const cpuBefore = process.cpuUsage();
  const child = spawn(process.execPath, ['-e', loadGenerator], { env: { ...process.env, BENCH_LOAD: JSON.stringify(load) }, stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  await new Promise((resolve) => child.on('exit', resolve));
  const cpu = process.cpuUsage(cpuBefore);
  const result = JSON.parse(output);
  return { ...result, cpuMicrosecondsPerRequest: (cpu.user + cpu.system) / Math.max(1, result.requests) };
}

const folder = await mkdtemp(path.join(os.tmpdir(), 'eks-sso-bench-sandbox-'));
try {
  const sandbox = await loadSandbox(folder);
  const demoYaml = readFileSync(path.join(root, 'sandbox', 'scenarios', 'demo.yaml'), 'utf8');
  const rows = [];

  const demo = await inProcessStart(sandbox, 'demo', demoYaml);
  await demo.handle.close();
  rows.push(['demo scenario up (in process, 5 cluster servers)', `${demo.elapsed.toFixed(0)} ms`, '< 1000 ms']);

  const generatedStarted = performance.now();
  const scenario = sandbox.generateScenario(GENERATED);
  const generateMs = milliseconds(generatedStarted);
  const large = await inProcessStart(sandbox, 'generated', scenario);
  rows.push([`${GENERATED}: generate`, `${generateMs.toFixed(0)} ms`, '']);
  rows.push([`${GENERATED}: up (in process)`, `${large.elapsed.toFixed(0)} ms`, '< 3000 ms']);

  const rate = await listAccountRolesRate(large.handle);
  await large.handle.close();
  rows.push([`ListAccountRoles, ${concurrency} keep-alive connections, ${seconds} s`, `${rate.rate.toFixed(0)} req/s${rate.failed ? ` (${rate.failed} failed)` : ''}`, '≥ 2000 req/s']);
  rows.push(['ListAccountRoles: sandbox CPU per request', `${rate.cpuMicrosecondsPerRequest.toFixed(0)} µs`, '']);
  rows.push(['ListAccountRoles: what one idle core serves (1 s / CPU per request)', `${(1e6 / rate.cpuMicrosecondsPerRequest).toFixed(0)} req/s`, '≥ 2000 req/s']);
  const bare = await bareNodeRate();
  rows.push(['calibration: bare Node HTTP server, same load', `${bare.rate.toFixed(0)} req/s`, '']);
  rows.push(['calibration: bare Node HTTP server CPU per request', `${bare.cpuMicrosecondsPerRequest.toFixed(0)} µs`, '']);

  const demoCli = await cliStart([], folder, 'demo');
  rows.push(['`eks-sso sandbox` (demo): process start → ready', `${demoCli.elapsed.toFixed(0)} ms`, '']);
  rows.push(['`eks-sso sandbox` (demo): RSS', `${demoCli.rss.toFixed(0)} MB`, '']);
  const largeCli = await cliStart(['--generate', GENERATED], folder, 'large');
  rows.push(['`eks-sso sandbox --generate` 1,000 accounts: process start → ready', `${largeCli.elapsed.toFixed(0)} ms`, '< 3000 ms']);
  rows.push(['`eks-sso sandbox --generate` 1,000 accounts: RSS', `${largeCli.rss.toFixed(0)} MB`, '< 300 MB']);

  const width = Math.max(...rows.map((row) => row[0].length));
  const valueWidth = Math.max(...rows.map((row) => row[1].length));
  console.log(`${'measure'.padEnd(width)}  ${'result'.padStart(valueWidth)}  target`);
  console.log(`${'-'.repeat(width)}  ${'-'.repeat(valueWidth)}  ------`);
  for (const [name, value, target] of rows) console.log(`${name.padEnd(width)}  ${value.padStart(valueWidth)}  ${target}`);
  console.log(`\n(${os.cpus().length} CPUs, load average ${os.loadavg().map((load) => load.toFixed(1)).join(' ')}, node ${process.version})`);
} finally {
  await rm(folder, { recursive: true, force: true });
}
