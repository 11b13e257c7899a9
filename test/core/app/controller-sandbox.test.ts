// The controller over the real core against the sandbox: what the dashboard's calls do to real
// clusters. Here: the offer to switch a CONFIG_MAP cluster to API_AND_CONFIG_MAP, accepted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppController } from '../../../main/core/app/controller.js';
import { createCorePorts } from '../../../main/core/app/core-ports.js';
import { callOperation } from '../../../main/core/app/dispatch.js';
import { silentLogger, systemClock } from '../../../main/core/context.js';
import { demoYaml } from '../../sandbox/helpers/demo.js';
import { signedInOrg, type SignedInOrg } from '../check/sandbox-org.js';

let org: SignedInOrg;
let controller: AppController;
beforeAll(async () => {
  org = await signedInOrg(demoYaml);
  controller = new AppController({ ports: createCorePorts(org.test.context, { sso: org.sso, checkTimeoutMs: 3000 }), clock: systemClock, logger: silentLogger, openBrowser: null, snapshotDelayMs: 1 });
  await controller.start();
  await controller.idle();
});
afterAll(async () => {
  await controller?.close();
  await org?.close();
});

function row(account: string, role: string, cluster: string) {
  const found = controller.snapshot().contexts.find((one) => one.accountName === account && one.roleName.includes(role) && one.cluster.name === cluster);
  if (!found) throw new Error(`no row for ${account}/${role}/${cluster}`);
  return found;
}

describe('check results in the snapshot', () => {
  it('carry what the check found: nodes, version and latency, usable namespaces, a private endpoint', () => {
    expect(row('platform-prod', 'AdministratorAccess', 'prod-api').check).toMatchObject({ status: 'ok', nodes: 3, readyNodes: 3, serverVersion: expect.stringMatching(/^v1\.31\./), latencyMs: expect.any(Number) });
    expect(row('team-a-dev', 'Developer', 'dev-shared').check).toMatchObject({ status: 'forbidden', namespaces: ['team-a'] });
    expect(row('shared-sandbox', 'AdministratorAccess', 'dev-hang').check).toMatchObject({ status: 'unreachable', privateOnly: true });
  });
});

describe('AppController.enableAccessEntries against the sandbox', () => {
  it('offers the switch in the plan, refuses it unconfirmed, and when confirmed the cluster is API_AND_CONFIG_MAP', async () => {
    const readOnly = row('platform-prod', 'ReadOnly', 'prod-legacy');
    expect(readOnly.cluster.authenticationMode).toBe('CONFIG_MAP');
    expect(readOnly.check.status).toBe('unauthorized');
    const before = await controller.handlers.planGrant({ contextName: readOnly.contextName, scope: 'cluster' });
    expect(before.method).toBe('aws-auth');
    expect(before.offerModeChange).toMatchObject({ from: 'CONFIG_MAP', to: 'API_AND_CONFIG_MAP', warning: expect.stringContaining('cannot be undone') });

    const unconfirmed = await callOperation(controller.handlers, 'enableAccessEntries', { contextName: readOnly.contextName });
    expect(unconfirmed).toMatchObject({ ok: false, error: { code: 'invalid-input' } });

    const switched = await callOperation(controller.handlers, 'enableAccessEntries', { contextName: readOnly.contextName, confirmIrreversible: true });
    expect(switched).toMatchObject({ ok: true, value: { kind: 'enable-access-entries', phase: 'done', undoable: false } });
    expect(JSON.stringify(switched)).toContain('API_AND_CONFIG_MAP');
    // Every row of that cluster shows the new mode; the plan made before is gone.
    expect(row('platform-prod', 'ReadOnly', 'prod-legacy').cluster.authenticationMode).toBe('API_AND_CONFIG_MAP');
    expect(row('platform-prod', 'AdministratorAccess', 'prod-legacy').cluster.authenticationMode).toBe('API_AND_CONFIG_MAP');
    await expect(controller.handlers.applyGrant({ planId: before.planId })).rejects.toMatchObject({ code: 'not-found' });

    // The next plan grants through an access entry, with no offer left.
    const after = await controller.handlers.planGrant({ contextName: readOnly.contextName, scope: 'cluster' });
    expect(after.method).toBe('access-entry');
    expect(after.offerModeChange).toBeNull();
    // EKS itself says so: a fresh discovery reads the mode back from DescribeCluster.
    await controller.handlers.refresh({});
    expect(row('platform-prod', 'ReadOnly', 'prod-legacy').cluster.authenticationMode).toBe('API_AND_CONFIG_MAP');
    // aws-auth keeps working alongside access entries.
    expect(row('platform-prod', 'AdministratorAccess', 'prod-legacy').check.status).toBe('ok');
  });
});
