// Benchmarks the sandbox's cluster API servers (sandbox/kube): how long 20 of them take to
// start (each makes its own CA and serving certificate), and how many authenticated
// GET /api/v1/nodes a server answers per second on loopback (token verification cached per
// token, as EKS does). Run by hand: `node bench/kube-api.js [--seconds 3] [--connections 8]`.
//
// The TypeScript sources are bundled on the fly with esbuild (a dev dependency) into a
// temporary folder, together with the signing control-plane double the unit tests use, so
// this measures the server alone, with real SigV4 verification on the first request.
import { build } from 'esbuild';
import https from 'node:https';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '3' },
    connections: { type: 'string', default: '8' },
    servers: { type: 'string', default: '20' },
    'max-requests': { type: 'string', default: '50000' },
  },
});
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const serverCount = Number(values.servers);
const maxRequests = Number(values['max-requests']);

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const workDir = await mkdtemp(path.join(os.tmpdir(), 'eks-sso-bench-kube-'));
const entry = path.join(workDir, 'entry.mjs');
await build({
  stdin: {
    contents: `
      export { startKubeApiServer } from './sandbox/kube/server.ts';
      export { makeServingCertificates } from './sandbox/kube/certificates.ts';
      export { controlPlaneDouble, mintToken } from './test/sandbox/kube/control-plane-double.ts';
      export { accessEntries, people, seed } from './test/sandbox/kube/fixture.ts';
    `,
    resolveDir: root,
    loader: 'ts',
  },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outfile: entry,
  logLevel: 'warning',
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
});
const { startKubeApiServer, makeServingCertificates, controlPlaneDouble, mintToken, accessEntries, people, seed } = await import(pathToFileURL(entry).href);

function plane(name) {
  return controlPlaneDouble({ name, entries: accessEntries(), identities: Object.values(people) });
}

const rows = [];

// 1. Start-up of many clusters at once, as startSandbox does for a scenario.
{
  const started = performance.now();
  const servers = await Promise.all(Array.from({ length: serverCount }, (_, index) => startKubeApiServer({ controlPlane: plane(`cluster-${index}`), seed: seed() })));
  const elapsed = performance.now() - started;
  rows.push({ measure: `${serverCount} servers up (parallel)`, value: `${elapsed.toFixed(0)} ms`, target: '< 1000 ms' });
  await Promise.all(servers.map((server) => server.close()));
}

// 2. Authenticated GET /api/v1/nodes per second over keep-alive connections.
const controlPlane = plane('bench');
const server = await startKubeApiServer({ controlPlane, seed: seed() });
const token = await mintToken(people.admin, 'bench');
let agent = new https.Agent({ keepAlive: true, maxSockets: connections, ca: Buffer.from(server.certificateAuthorityData, 'base64').toString() });
let url = new URL('/api/v1/nodes', server.endpoint);

function get(accept) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const request = https.get(url, { agent, headers: { Authorization: `Bearer ${token}`, ...(accept && { Accept: accept }) } }, (response) => {
      response.resume();
      response.on('end', () => (response.statusCode === 200 ? resolve(performance.now() - started) : reject(new Error(`HTTP ${response.statusCode}`))));
    });
    request.on('error', reject);
  });
}

async function load(label, accept, targets = { rate: '>= 1000', cpu: '< 1 ms' }) {
  const latencies = [];
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  let issued = 0;
  async function worker() {
    while (performance.now() < deadline && issued < maxRequests) {
      issued++;
      latencies.push(await get(accept));
    }
  }
  await Promise.all(Array.from({ length: connections }, worker));
  const elapsed = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuPerRequestMs = (cpu.user + cpu.system) / 1000 / latencies.length;
  latencies.sort((a, b) => a - b);
  const at = (fraction) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * fraction))].toFixed(2);
  rows.push({ measure: `${label} req/s (${connections} connections, ${latencies.length} requests)`, value: (latencies.length / elapsed).toFixed(0), target: targets.rate });
  rows.push({ measure: `${label} latency p50 / p99`, value: `${at(0.5)} / ${at(0.99)} ms`, target: '' });
  // CPU time is what the machine's load does not distort: client and server share this process.
  rows.push({ measure: `${label} CPU per request (client + server)`, value: `${cpuPerRequestMs.toFixed(3)} ms`, target: targets.cpu });
}

await get(); // first request: the one STS verification
// Warm-up (JIT, TLS session, caches) so the first measured row is not penalised.
for (let index = 0; index < 300; index++) await get();
await load('GET /api/v1/nodes JSON');
await load('GET /api/v1/nodes Table', 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json');
rows.push({ measure: 'STS verifications for all of the above', value: String(controlPlane.stsCalls), target: '1 (cached per token)' });
agent.destroy();
await server.close();

// 3. Baseline: a bare HTTPS server answering the same bytes, to read the numbers above
// against what this machine (and its current load) allows at all.
{
  const certificates = await makeServingCertificates('baseline');
  const body = JSON.stringify({ kind: 'NodeList', apiVersion: 'v1', metadata: {}, items: seed().nodes.map((node) => ({ metadata: { name: node.name }, padding: 'x'.repeat(2400) })) });
  const bare = https.createServer({ cert: certificates.certPem, key: certificates.keyPem }, (request, response) => {
    response.writeHead(200, { 'Content-Type': 'application/json' });
    response.end(body);
  });
  await new Promise((resolve) => bare.listen(0, '127.0.0.1', resolve));
  agent = new https.Agent({ keepAlive: true, maxSockets: connections, ca: certificates.caPem });
  url = new URL('/api/v1/nodes', `https://127.0.0.1:${bare.address().port}`);
  for (let index = 0; index < 300; index++) await get();
  await load('baseline: bare HTTPS server,', undefined, { rate: '', cpu: '' });
  agent.destroy();
  bare.close();
}

await rm(workDir, { recursive: true, force: true });

const width = (key) => Math.max(key.length, ...rows.map((row) => String(row[key]).length));
const columns = ['measure', 'value', 'target'];
const line = (cells) => cells.map((cell, index) => String(cell).padEnd(width(columns[index]))).join('  ');
console.log(line(columns));
console.log(line(columns.map((column) => '-'.repeat(width(column)))));
for (const row of rows) console.log(line(columns.map((column) => row[column])));
process.exit(0);
