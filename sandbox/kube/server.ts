// A cluster's Kubernetes API endpoint: HTTPS on 127.0.0.1 with the cluster's own CA, in front
// of KubeApi. One raw TCP listener decides per connection what the network does, so the
// behaviour can change at run time: answer (TLS with the cluster's certificate), wrong-ca
// (TLS with a certificate from another CA), hang (accept and never reply) or refuse (no
// listener: connection refused, the port kept reserved so the endpoint can come back).
import type { IncomingMessage, ServerResponse } from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { KubeApi } from './api.js';
import { makeServingCertificates } from './certificates.js';
import type { ServingCertificates } from './certificates.js';
import type { EndpointBehavior, KubeApiServerHandle, KubeApiServerOptions, StartKubeApiServer } from './contract.js';
import { reservePort } from './port-reservation.js';
import type { PortReservation } from './port-reservation.js';
import { seedStore } from './seed.js';

const BEHAVIORS: readonly EndpointBehavior[] = ['answer', 'hang', 'refuse', 'wrong-ca'];

/** One impostor CA for the whole process: any CA but the cluster's own makes the point. */
let impostor: Promise<ServingCertificates> | undefined;
function impostorCertificates(): Promise<ServingCertificates> {
  impostor ??= makeServingCertificates('impostor');
  return impostor;
}

function listen(server: net.Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => {
      server.off('error', onError);
      const address = server.address();
      if (address === null || typeof address === 'string') reject(new Error('no TCP address'));
      else resolve(address.port);
    });
  });
}

export const startKubeApiServer: StartKubeApiServer = async (options: KubeApiServerOptions): Promise<KubeApiServerHandle> => {
  const { controlPlane, seed } = options;
  let behavior: EndpointBehavior = options.behavior ?? 'answer';
  if (!BEHAVIORS.includes(behavior)) throw new Error(`unknown endpoint behaviour "${String(behavior)}"`);

  const certificates = await makeServingCertificates(controlPlane.name, controlPlane.now());
  let port = 0;
  const api = new KubeApi(controlPlane, () => `127.0.0.1:${port}`);
  seedStore(api.store, seed, { kubernetesVersion: controlPlane.kubernetesVersion, region: controlPlane.region, caPem: certificates.caPem, now: controlPlane.now() });

  const handler = (request: IncomingMessage, response: ServerResponse) => {
    api.handle(request, response).catch(() => response.destroy());
  };
  const tlsOptions = { minVersion: 'TLSv1.2' as const, keepAliveTimeout: 30_000 };
  const genuine = https.createServer({ ...tlsOptions, cert: certificates.certPem, key: certificates.keyPem }, handler);
  let wrong: Promise<https.Server> | undefined;
  const wrongServer = () => {
    wrong ??= impostorCertificates().then((impostorCerts) => https.createServer({ ...tlsOptions, cert: impostorCerts.certPem, key: impostorCerts.keyPem }, handler));
    return wrong;
  };
  if (behavior === 'wrong-ca') await wrongServer();

  const sockets = new Set<net.Socket>();
  const listener = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    switch (behavior) {
      case 'answer':
        genuine.emit('connection', socket);
        break;
      case 'wrong-ca':
        wrongServer().then((server) => server.emit('connection', socket), () => socket.destroy());
        break;
      case 'hang':
        // Accepted, then silence: the client's TLS handshake never completes.
        break;
      case 'refuse':
        socket.destroy();
        break;
    }
  });
  port = await listen(listener, options.port ?? 0);
  let reservation: PortReservation | undefined;
  // Behaviour changes are applied one after the other; close() waits for the last one.
  let transition: Promise<void> = Promise.resolve();
  let closed = false;

  const dropConnections = () => {
    for (const socket of sockets) socket.destroy();
  };

  const applyListening = async (shouldListen: boolean) => {
    if (closed) return;
    if (!shouldListen && listener.listening) {
      await new Promise<void>((resolve) => listener.close(() => resolve()));
      reservation = await reservePort(port).catch(() => undefined);
    } else if (shouldListen && !listener.listening) {
      reservation?.release();
      reservation = undefined;
      await listen(listener, port);
    }
  };
  if (behavior === 'refuse') await applyListening(false);

  const handle: KubeApiServerHandle = {
    endpoint: `https://127.0.0.1:${port}`,
    certificateAuthorityData: Buffer.from(certificates.caPem).toString('base64'),
    behavior: () => behavior,
    setBehavior(next: EndpointBehavior) {
      if (!BEHAVIORS.includes(next)) throw new Error(`unknown endpoint behaviour "${String(next)}"`);
      if (next === behavior) return;
      behavior = next;
      // Open connections would keep the old behaviour (keep-alive): cut them so clients see the new one.
      dropConnections();
      if (next === 'wrong-ca') void wrongServer();
      transition = transition.then(() => applyListening(next !== 'refuse')).catch(() => undefined);
    },
    stats: () => api.stats(),
    async close() {
      await transition;
      closed = true;
      dropConnections();
      reservation?.release();
      if (listener.listening) await new Promise<void>((resolve) => listener.close(() => resolve()));
      genuine.close();
      if (wrong) (await wrong).close();
    },
  };
  return handle;
};
