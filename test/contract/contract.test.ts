// The contract's schemas: what a snapshot may carry, what inputs are refused.
import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../../main/core/settings.js';
import { isStartUrl, operationNames, operations, parseInput, stateSnapshotSchema, type StateSnapshot } from '../../main/contract.js';

function snapshot(): StateSnapshot {
  return {
    now: 1_780_000_000_000,
    sessions: [{ name: 'acme', startUrl: 'https://acme.awsapps.com/start', region: 'eu-west-1', status: 'signed-in', expiresAt: 1_780_000_360_000, sessionEndsAt: 1_780_028_800_000 }],
    signIn: null,
    signInError: null,
    discovery: { phase: 'idle', done: 3, total: 3, failures: [], startedAt: 1, finishedAt: 2 },
    contexts: [
      {
        contextName: 'prod/Admin/main',
        session: 'acme',
        accountId: '111111111111',
        accountName: 'prod',
        roleName: 'Admin',
        cluster: { name: 'main', region: 'eu-west-1', status: 'ACTIVE', authenticationMode: 'API', version: '1.31' },
        check: { status: 'ok', summary: '3 nodes Ready', detail: null, checkedAt: 1 },
        inKubeconfig: true,
        isCurrent: true,
        isFavourite: false,
      },
    ],
    kubeconfig: { file: '/home/me/.kube/config', currentContext: 'prod/Admin/main', lastChange: null },
    grant: null,
    settings: { ...defaultSettings },
    capabilities: { openBrowser: false },
  };
}

describe('state snapshot schema', () => {
  it('accepts a well-formed snapshot unchanged', () => {
    expect(stateSnapshotSchema.parse(snapshot())).toEqual(snapshot());
  });

  it('strips keys it does not declare, so a token riding along on a core object never crosses', () => {
    const leaky = snapshot() as StateSnapshot & { accessToken?: string };
    leaky.accessToken = 'opaque';
    Object.assign(leaky.sessions[0]!, { refreshToken: 'opaque', clientSecret: 'opaque' });
    Object.assign(leaky.contexts[0]!, { credentials: { secretAccessKey: 'opaque' } });
    const parsed = stateSnapshotSchema.parse(leaky);
    const text = JSON.stringify(parsed);
    expect(text).not.toContain('accessToken');
    expect(text).not.toContain('refreshToken');
    expect(text).not.toContain('clientSecret');
    expect(text).not.toContain('secretAccessKey');
    expect(parsed).toEqual(snapshot());
  });

  it.each([
    ['an EKS bearer token', 'k8s-aws-v1.aHR0cHM6Ly9zdHMuYW1hem9uYXdzLmNvbS8_QWN0aW9u'],
    ['an access key id', 'failed for ASIAXXXXXXXXXXXXXXXX'],
    ['a presigned URL', 'https://sts.amazonaws.com/?Action=GetCallerIdentity&X-Amz-Signature=abc'],
    ['a JWT', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.sig'],
  ])('refuses a snapshot whose declared fields hold %s', (_label, value) => {
    const state = snapshot();
    state.contexts[0]!.check.detail = value;
    const result = stateSnapshotSchema.safeParse(state);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['contexts', 0, 'check', 'detail']);
  });

  it('carries what a check found, and nothing undeclared next to it', () => {
    const state = snapshot();
    const facts = { latencyMs: 42, nodes: 1200, readyNodes: 480, readyOfFirst: 500, serverVersion: 'v1.31.2', namespaces: ['team-a'], privateOnly: false };
    Object.assign(state.contexts[0]!.check, facts, { token: 'opaque', username: 'arn:aws:sts::111111111111:assumed-role/Admin/me' });
    const check = stateSnapshotSchema.parse(state).contexts[0]!.check;
    expect(check).toEqual({ ...snapshot().contexts[0]!.check, ...facts });
    Object.assign(state.contexts[0]!.check, { nodes: -1 });
    expect(stateSnapshotSchema.safeParse(state).success).toBe(false);
  });

  it('refuses a snapshot missing a field or with a wrong status', () => {
    const state = snapshot() as Partial<StateSnapshot>;
    delete state.settings;
    expect(stateSnapshotSchema.safeParse(state).success).toBe(false);
    const wrong = snapshot();
    Object.assign(wrong.contexts[0]!.check, { status: 'great' });
    expect(stateSnapshotSchema.safeParse(wrong).success).toBe(false);
  });
});

describe('operation inputs', () => {
  it('declares the operations the UI uses, each with an input and an output schema', () => {
    expect(operationNames.sort()).toEqual(
      ['applyGrant', 'cancelSignIn', 'enableAccessEntries', 'exportProfiles', 'getSettings', 'planGrant', 'recheck', 'refresh', 'reopenBrowser', 'revokeGrant', 'saveSettings', 'signIn', 'signOut', 'toggleFavourite', 'useContext'].sort(),
    );
    for (const name of operationNames) {
      expect(typeof operations[name].input.safeParse).toBe('function');
      expect(typeof operations[name].output.safeParse).toBe('function');
    }
  });

  it('refuses unknown keys in an input (a malformed payload, not something to ignore)', () => {
    expect(() => parseInput('signOut', { session: 'acme', force: true })).toThrow();
    expect(parseInput('signOut', { session: 'acme' })).toEqual({ session: 'acme' });
  });

  it('validates start URLs and regions as the sign-in form does', () => {
    expect(isStartUrl('https://acme.awsapps.com/start')).toBe(true);
    expect(isStartUrl('http://127.0.0.1:4000/start')).toBe(true);
    expect(isStartUrl('http://acme.awsapps.com/start')).toBe(false);
    expect(isStartUrl('https://user:pass@acme.awsapps.com/start')).toBe(false);
    expect(isStartUrl('acme')).toBe(false);
    expect(() => parseInput('signIn', { startUrl: 'https://acme.awsapps.com/start', region: 'eu-west-1' })).not.toThrow();
    expect(() => parseInput('signIn', { startUrl: 'https://acme.awsapps.com/start', region: 'Europe' })).toThrow();
    expect(() => parseInput('signIn', { startUrl: 'https://acme.awsapps.com/start', region: 'eu-west-1', flow: 'password' })).toThrow();
  });

  it('checks grant inputs: scope, namespace name and policy', () => {
    expect(() => parseInput('planGrant', { contextName: 'a', scope: 'cluster' })).not.toThrow();
    expect(() => parseInput('planGrant', { contextName: 'a', scope: 'namespace', namespace: 'team-a', policy: 'AmazonEKSEditPolicy' })).not.toThrow();
    expect(() => parseInput('planGrant', { contextName: 'a', scope: 'namespace', namespace: 'Team A' })).toThrow();
    expect(() => parseInput('planGrant', { contextName: 'a', scope: 'cluster', policy: 'AmazonEKSClusterAdminPolicy' })).toThrow();
  });

  it('switches a cluster to access entries only with the irreversible change confirmed, and nothing else', () => {
    expect(parseInput('enableAccessEntries', { contextName: 'a', confirmIrreversible: true })).toEqual({ contextName: 'a', confirmIrreversible: true });
    expect(() => parseInput('enableAccessEntries', { contextName: 'a' })).toThrow();
    expect(() => parseInput('enableAccessEntries', { contextName: 'a', confirmIrreversible: false })).toThrow();
    expect(() => parseInput('enableAccessEntries', { contextName: 'a', confirmIrreversible: 'yes' })).toThrow();
    expect(() => parseInput('enableAccessEntries', { contextName: 'a', confirmIrreversible: true, mode: 'API' })).toThrow();
    expect(operations.enableAccessEntries.output.parse({ planId: 'p', contextName: 'a', kind: 'enable-access-entries', phase: 'done', progress: [], result: 'Switched', error: null, undoable: false })).toMatchObject({
      kind: 'enable-access-entries',
    });
  });

  it('checks settings as a whole', () => {
    expect(() => parseInput('saveSettings', { settings: defaultSettings })).not.toThrow();
    expect(() => parseInput('saveSettings', { settings: { ...defaultSettings, regions: [] } })).toThrow();
    expect(() => parseInput('saveSettings', { settings: { ...defaultSettings, recheckIntervalSeconds: 1 } })).toThrow();
  });
});
