import https from 'node:https';
import type net from 'node:net';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeApiServerHandle } from '../../../sandbox/kube/contract.js';
import { people } from './fixture.js';
import { caOf, kubeRequest } from './kube-request.js';
import { startTestCluster } from './start-test-cluster.js';
import type { TestCluster } from './start-test-cluster.js';

type Outcome = { kind: 'answered'; status: number } | { kind: 'error'; code: string } | { kind: 'no reply'; tcpConnected: boolean };

/** What a TLS client trusting the cluster's CA experiences within `waitMs`. */
function probe(server: KubeApiServerHandle, waitMs = 400, ca = caOf(server)): Promise<Outcome> {
  const url = new URL(server.endpoint);
  return new Promise((resolve) => {
    let tcpConnected = false;
    const request = https.get({ host: url.hostname, port: url.port, path: '/livez', ca, agent: false }, (response) => {
      response.resume();
      resolve({ kind: 'answered', status: response.statusCode ?? 0 });
    });
    request.on('socket', (socket: net.Socket) => socket.once('connect', () => (tcpConnected = true)));
    request.on('error', (error: NodeJS.ErrnoException) => resolve({ kind: 'error', code: error.code ?? error.message }));
    request.setTimeout(waitMs, () => {
      resolve({ kind: 'no reply', tcpConnected });
      request.destroy();
    });
  });
}

let cluster: TestCluster;
beforeAll(async () => {
  cluster = await startTestCluster();
});
afterAll(() => cluster.server.close());

describe('endpoint behaviours', () => {
  it('serves TLS for 127.0.0.1 and localhost with a certificate from the cluster CA', async () => {
    expect(cluster.server.endpoint).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(caOf(cluster.server)).toMatch(/^-----BEGIN CERTIFICATE-----\n/);
    expect(await probe(cluster.server)).toEqual({ kind: 'answered', status: 200 });
    const port = Number(new URL(cluster.server.endpoint).port);
    const socket = tls.connect({ host: 'localhost', port, ca: caOf(cluster.server), servername: 'localhost' });
    await new Promise<void>((resolve, reject) => {
      socket.once('secureConnect', () => resolve());
      socket.once('error', reject);
    });
    expect(socket.authorized).toBe(true);
    expect(socket.getPeerCertificate().subjectaltname).toContain('IP Address:127.0.0.1');
    socket.destroy();
  });

  it('hangs: accepts the TCP connection and never answers', async () => {
    cluster.server.setBehavior('hang');
    expect(cluster.server.behavior()).toBe('hang');
    expect(await probe(cluster.server)).toEqual({ kind: 'no reply', tcpConnected: true });
  });

  it('refuses connections, then comes back on the same endpoint', async () => {
    const endpoint = cluster.server.endpoint;
    cluster.server.setBehavior('refuse');
    // setBehavior is synchronous; the listener closes right after, so poll briefly.
    let outcome = await probe(cluster.server);
    for (let attempt = 0; attempt < 20 && !(outcome.kind === 'error' && outcome.code === 'ECONNREFUSED'); attempt++) outcome = await probe(cluster.server);
    expect(outcome).toEqual({ kind: 'error', code: 'ECONNREFUSED' });
    cluster.server.setBehavior('answer');
    outcome = await probe(cluster.server);
    for (let attempt = 0; attempt < 20 && outcome.kind !== 'answered'; attempt++) outcome = await probe(cluster.server);
    expect(outcome).toEqual({ kind: 'answered', status: 200 });
    expect(cluster.server.endpoint).toBe(endpoint);
  });

  it('presents a certificate from another CA in wrong-ca mode', async () => {
    cluster.server.setBehavior('wrong-ca');
    const outcome = await probe(cluster.server);
    expect(outcome.kind).toBe('error');
    expect(['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY']).toContain((outcome as { code: string }).code);
    cluster.server.setBehavior('answer');
    expect(await probe(cluster.server)).toEqual({ kind: 'answered', status: 200 });
  });

  it('cuts kept-alive connections when the behaviour changes', async () => {
    const agent = new https.Agent({ keepAlive: true, ca: caOf(cluster.server) });
    const get = () =>
      new Promise<Outcome>((resolve) => {
        const request = https.get(`${cluster.server.endpoint}/livez`, { agent }, (response) => {
          response.resume();
          response.on('end', () => resolve({ kind: 'answered', status: response.statusCode ?? 0 }));
        });
        request.on('error', (error: NodeJS.ErrnoException) => resolve({ kind: 'error', code: error.code ?? '' }));
        request.setTimeout(400, () => {
          resolve({ kind: 'no reply', tcpConnected: true });
          request.destroy();
        });
      });
    expect(await get()).toEqual({ kind: 'answered', status: 200 });
    cluster.server.setBehavior('hang');
    const after = await get();
    expect(after.kind).not.toBe('answered');
    cluster.server.setBehavior('answer');
    agent.destroy();
  });

  it('starts in the behaviour the scenario gives', async () => {
    const refusing = await startTestCluster({ behavior: 'refuse' });
    try {
      expect(await probe(refusing.server)).toEqual({ kind: 'error', code: 'ECONNREFUSED' });
      refusing.server.setBehavior('answer');
      let outcome = await probe(refusing.server);
      for (let attempt = 0; attempt < 20 && outcome.kind !== 'answered'; attempt++) outcome = await probe(refusing.server);
      expect(outcome).toEqual({ kind: 'answered', status: 200 });
    } finally {
      await refusing.server.close();
    }
  });
});

describe('many clusters', () => {
  it('gives every cluster its own CA: one cluster\'s CA does not verify another', async () => {
    const others = await Promise.all(Array.from({ length: 5 }, (_, index) => startTestCluster({ name: `c${index}` })));
    try {
      const cas = new Set(others.map((other) => other.server.certificateAuthorityData));
      expect(cas.size).toBe(5);
      const [first, second] = others as [TestCluster, TestCluster];
      expect(await probe(first.server)).toEqual({ kind: 'answered', status: 200 });
      const crossed = await probe(second.server, 400, caOf(first.server));
      expect(crossed.kind).toBe('error');
      const response = await kubeRequest(second.server, '/api/v1/nodes', { token: await second.token(people.admin) });
      expect(response.status).toBe(200);
    } finally {
      await Promise.all(others.map((other) => other.server.close()));
    }
  });

  it('closes cleanly, even while hanging connections are open', async () => {
    const short = await startTestCluster({ behavior: 'hang' });
    const pending = probe(short.server, 2_000);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await short.server.close();
    const outcome = await pending;
    expect(outcome.kind).toBe('error');
    expect(await probe(short.server)).toEqual({ kind: 'error', code: 'ECONNREFUSED' });
  });
});
