import { describe, expect, it } from 'vitest';
import { decodeKubernetesProtobuf } from '../../../sandbox/kube/protobuf.js';
import { KubeError } from '../../../sandbox/kube/status.js';

// Request bodies captured from kubectl v1.32 (the commands are in the test names).
const CAPTURED = {
  createNamespace: '6b3873000a0f0a02763112094e616d657370616365121e0a160a067465616d2d7a12001a0022002a0032003800420012001a020a001a002200',
  canI: '6b3873000a320a17617574686f72697a6174696f6e2e6b38732e696f2f7631121753656c665375626a656374416363657373526576696577123c0a100a0012001a0022002a00320038004200121e0a1c0a067465616d2d6112046c6973741a0022002a04706f647332003a001a08080012001a0020001a002200',
  createRoleBinding:
    '6b3873000a2b0a1c726261632e617574686f72697a6174696f6e2e6b38732e696f2f7631120b526f6c6542696e64696e6712a6010a180a02726212001a067465616d2d6122002a0032003800420012280a04557365721219726261632e617574686f72697a6174696f6e2e6b38732e696f1a03626f62220012300a0547726f75701219726261632e617574686f72697a6174696f6e2e6b38732e696f1a0a646576656c6f7065727322001a2e0a19726261632e617574686f72697a6174696f6e2e6b38732e696f120b436c7573746572526f6c651a04766965771a002200',
  createConfigMap: '6b3873000a0f0a0276311209436f6e6669674d617012300a1e0a0873657474696e677312001a067465616d2d6122002a00320038004200120e0a06636f6c6f75721204626c75651a002200',
  whoami: '6b3873000a2d0a1861757468656e7469636174696f6e2e6b38732e696f2f7631121153656c665375626a656374526576696577121a0a100a0012001a0022002a0032003800420012060a040a0012001a002200',
};

const decode = (hex: string) => decodeKubernetesProtobuf(Buffer.from(hex, 'hex'));

describe('Kubernetes protobuf request bodies', () => {
  it('kubectl create namespace team-z', () => {
    expect(decode(CAPTURED.createNamespace)).toMatchObject({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-z' } });
  });

  it('kubectl auth can-i list pods -n team-a', () => {
    expect(decode(CAPTURED.canI)).toMatchObject({
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectAccessReview',
      spec: { resourceAttributes: { namespace: 'team-a', verb: 'list', group: '', resource: 'pods', subresource: '', name: '' } },
    });
  });

  it('kubectl create rolebinding rb -n team-a --clusterrole=view --group=developers --user=bob', () => {
    expect(decode(CAPTURED.createRoleBinding)).toEqual({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'rb', generateName: '', namespace: 'team-a', uid: '', resourceVersion: '', generation: 0 },
      subjects: [
        { kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'bob', namespace: '' },
        { kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'developers', namespace: '' },
      ],
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
    });
  });

  it('kubectl create configmap settings -n team-a --from-literal=colour=blue', () => {
    expect(decode(CAPTURED.createConfigMap)).toMatchObject({ kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'team-a' }, data: { colour: 'blue' } });
  });

  it('kubectl auth whoami', () => {
    expect(decode(CAPTURED.whoami)).toMatchObject({ apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' });
  });

  it('refuses bodies without the envelope, truncated ones and kinds it cannot read', () => {
    const codeOf = (body: Buffer) => {
      try {
        decodeKubernetesProtobuf(body);
      } catch (error) {
        expect(error).toBeInstanceOf(KubeError);
        return (error as KubeError).code;
      }
      return 0;
    };
    expect(codeOf(Buffer.from('{"kind":"Namespace"}'))).toBe(400);
    expect(codeOf(Buffer.from(CAPTURED.createConfigMap, 'hex').subarray(0, 40))).toBe(400);
    // The same envelope renamed to a kind without a schema here.
    const unknownKind = Buffer.from(CAPTURED.createNamespace.replace('4e616d657370616365', '4e616d657370616366'), 'hex');
    expect(codeOf(unknownKind)).toBe(415);
  });
});
