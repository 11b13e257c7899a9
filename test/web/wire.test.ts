// The wire form of a snapshot decodes to exactly the snapshot that was encoded.
import { describe, expect, it } from 'vitest';
import { stateSnapshotSchema, type ContextView, type StateSnapshot } from '../../main/contract.js';
import { fromWire, toWire } from '../../main/web/wire.js';
import { AppController } from '../../main/core/app/controller.js';
import { silentLogger, systemClock } from '../../main/core/context.js';
import { inMemoryOrg } from '../core/app/in-memory-ports.js';

const context = (index: number, overrides: Partial<ContextView> = {}): ContextView => ({
  contextName: `acme/Admin/cluster-${index}`,
  session: 'acme',
  accountId: '111111111111',
  accountName: 'acme',
  roleName: 'Admin',
  cluster: { name: `cluster-${index}`, region: 'eu-west-1', status: 'ACTIVE', authenticationMode: index % 2 ? null : 'API', version: index % 3 ? '1.31' : null },
  check: {
    status: index % 2 ? 'ok' : 'unauthorized',
    summary: 'summary → ok',
    detail: index % 2 ? 'GET /livez → 200' : null,
    checkedAt: index % 2 ? 1_700_000_000_000 + index : null,
    // What the check found travels too, where there is something.
    ...(index % 2 ? { nodes: 3, readyNodes: 2, serverVersion: 'v1.31.2', latencyMs: 40 + index } : {}),
    ...(index === 4 ? { namespaces: ['team-a'], privateOnly: true, readyOfFirst: 500 } : {}),
  },
  inKubeconfig: index % 2 === 0,
  isCurrent: index === 1,
  isFavourite: index === 2,
  ...overrides,
});

describe('wire snapshots', () => {
  it('round-trips every field of every context, and everything else as it is', async () => {
    const controller = new AppController({ ports: inMemoryOrg(() => Date.now()).ports, clock: systemClock, logger: silentLogger, openBrowser: null });
    await controller.start({ discover: false });
    try {
      const snapshot: StateSnapshot = { ...controller.snapshot(), contexts: Array.from({ length: 6 }, (_, index) => context(index)) };
      const decoded = fromWire(JSON.parse(JSON.stringify(toWire(snapshot))));
      expect(decoded).toEqual(snapshot);
      expect(stateSnapshotSchema.parse(decoded)).toEqual(snapshot);
      // Every key of a context is carried, nested ones included.
      const keys = (value: object, prefix = ''): string[] =>
        Object.entries(value).flatMap(([key, item]) => (item && typeof item === 'object' ? keys(item as object, `${prefix}${key}.`) : [`${prefix}${key}`]));
      expect(keys(decoded.contexts[0]!).sort()).toEqual(keys(snapshot.contexts[0]!).sort());
      expect(JSON.stringify(toWire(snapshot)).length).toBeLessThan(JSON.stringify(snapshot).length);
    } finally {
      await controller.close();
    }
  });
});
