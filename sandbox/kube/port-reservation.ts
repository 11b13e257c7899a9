// Keeps a TCP port out of the kernel's hands while nothing listens on it, so a cluster set to
// "refuse" (connections refused, as when an endpoint is down) can listen on the same port
// again later. A connected socket bound to the port owns it for automatic (port 0) binds,
// yet incoming connections find no listener and are refused. Both ends are ours: a tiny
// loopback "anchor" server shared by the process accepts and holds the connections.
import net from 'node:net';

let anchor: Promise<net.Server> | undefined;
const held = new Set<net.Socket>();

function anchorServer(): Promise<net.Server> {
  anchor ??= new Promise((resolve, reject) => {
    const server = net.createServer((socket) => {
      // Holding a port must never keep the process alive.
      socket.unref();
      held.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => held.delete(socket));
    });
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
  return anchor;
}

export interface PortReservation {
  release(): void;
}

export async function reservePort(port: number): Promise<PortReservation> {
  const server = await anchorServer();
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the port anchor has no TCP address');
  const socket = net.connect({ host: '127.0.0.1', port: address.port, localAddress: '127.0.0.1', localPort: port });
  socket.unref();
  socket.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  return { release: () => socket.destroy() };
}
