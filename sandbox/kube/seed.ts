// Fills a new cluster's store from part 1's seed: the system namespaces, the nodes, a few
// system pods, the seed's pods, aws-auth, kube-root-ca.crt in every namespace, the bootstrap
// RBAC objects and the scenario's own RBAC objects.
import type { KubeClusterSeed, NodeSeed, PodSeed } from './contract.js';
import { defaultRbacObjects } from './default-roles.js';
import { RESOURCE_TYPES, resourceTypeByKind } from './resources.js';
import type { KubeObject, ObjectStore } from './store.js';

const SYSTEM_NAMESPACES = ['default', 'kube-node-lease', 'kube-public', 'kube-system'];

function type(name: string) {
  const found = RESOURCE_TYPES.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`unknown resource ${name}`);
  return found;
}

/** A short stable hash of text, for pod-name suffixes and fake IPs that do not change between runs. */
function stableHash(text: string): number {
  let hash = 2166136261;
  for (let index = 0; index < text.length; index++) hash = Math.imul(hash ^ text.charCodeAt(index), 16777619) >>> 0;
  return hash;
}

function suffix(text: string, length: number): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  let value = stableHash(text);
  let out = '';
  for (let index = 0; index < length; index++) {
    out += alphabet[value % alphabet.length];
    value = Math.floor(value / alphabet.length) || stableHash(out + text);
  }
  return out;
}

function ipFor(text: string, prefix: string): string {
  const hash = stableHash(text);
  return `${prefix}.${(hash >>> 8) % 250 + 1}.${hash % 250 + 2}`;
}

function nodeObject(node: NodeSeed, clusterVersion: string, region: string, nowMs: number): KubeObject {
  const kubeletVersion = node.kubeletVersion ?? `v${clusterVersion}.0-eks-${stableHash(node.name).toString(16).padStart(8, '0').slice(0, 7)}`;
  const instanceType = node.instanceType ?? 'm6i.large';
  const zone = `${region}${'abc'[stableHash(node.name) % 3]}`;
  const now = new Date(nowMs).toISOString();
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: node.name,
      labels: {
        'kubernetes.io/arch': 'amd64',
        'kubernetes.io/hostname': node.name,
        'kubernetes.io/os': 'linux',
        'node.kubernetes.io/instance-type': instanceType,
        'topology.kubernetes.io/region': region,
        'topology.kubernetes.io/zone': zone,
        'eks.amazonaws.com/nodegroup': 'default',
      },
    },
    spec: { providerID: `aws:///${zone}/i-0${suffix(node.name, 16)}` },
    status: {
      addresses: [
        { type: 'InternalIP', address: ipFor(node.name, '10.0') },
        { type: 'Hostname', address: node.name },
      ],
      conditions: [
        { type: 'MemoryPressure', status: 'False', reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available', lastHeartbeatTime: now, lastTransitionTime: now },
        { type: 'DiskPressure', status: 'False', reason: 'KubeletHasNoDiskPressure', message: 'kubelet has no disk pressure', lastHeartbeatTime: now, lastTransitionTime: now },
        { type: 'PIDPressure', status: 'False', reason: 'KubeletHasSufficientPID', message: 'kubelet has sufficient PID available', lastHeartbeatTime: now, lastTransitionTime: now },
        node.ready
          ? { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status', lastHeartbeatTime: now, lastTransitionTime: now }
          : { type: 'Ready', status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.', lastHeartbeatTime: now, lastTransitionTime: now },
      ],
      nodeInfo: {
        architecture: 'amd64',
        containerRuntimeVersion: 'containerd://1.7.27',
        kernelVersion: '6.1.141-155.222.amzn2023.x86_64',
        kubeProxyVersion: kubeletVersion,
        kubeletVersion,
        operatingSystem: 'linux',
        osImage: 'Amazon Linux 2023.7.20250623',
      },
    },
  };
}

function podObject(pod: PodSeed, nodeName: string | undefined, image: string, nowMs: number): KubeObject {
  const phase = pod.phase ?? 'Running';
  const running = phase === 'Running';
  const container = pod.name.replace(/-[a-z0-9]{5,10}(-[a-z0-9]{5})?$/, '') || 'app';
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: pod.name, namespace: pod.namespace, labels: { app: container } },
    spec: { containers: [{ name: container, image }], ...(nodeName !== undefined && { nodeName }), restartPolicy: 'Always' },
    status: {
      phase,
      ...(running && { podIP: ipFor(pod.namespace + '/' + pod.name, '10.0') }),
      conditions: [{ type: 'Ready', status: running ? 'True' : 'False' }],
      containerStatuses: [
        {
          name: container,
          image,
          ready: running,
          restartCount: 0,
          started: running,
          state: running ? { running: { startedAt: new Date(nowMs).toISOString() } } : phase === 'Pending' ? { waiting: { reason: 'ContainerCreating' } } : { terminated: { reason: phase === 'Succeeded' ? 'Completed' : 'Error', exitCode: phase === 'Succeeded' ? 0 : 1 } },
        },
      ],
    },
  };
}

/** Pods EKS itself runs in kube-system: CoreDNS, and aws-node + kube-proxy on every node. */
function systemPods(nodes: NodeSeed[]): Array<{ pod: PodSeed; node?: string; image: string }> {
  const pods: Array<{ pod: PodSeed; node?: string; image: string }> = [];
  const readyNodes = nodes.filter((node) => node.ready);
  for (const index of [0, 1]) {
    const node = readyNodes[index % Math.max(readyNodes.length, 1)]?.name;
    pods.push({
      pod: { name: `coredns-${suffix('coredns', 10)}-${suffix(`coredns${index}`, 5)}`, namespace: 'kube-system', phase: node ? 'Running' : 'Pending' },
      ...(node !== undefined && { node }),
      image: '602401143452.dkr.ecr.us-west-2.amazonaws.com/eks/coredns:v1.11.4-eksbuild.2',
    });
  }
  for (const node of nodes) {
    const phase = node.ready ? 'Running' : 'Pending';
    pods.push({ pod: { name: `aws-node-${suffix(`aws-node${node.name}`, 5)}`, namespace: 'kube-system', phase }, node: node.name, image: '602401143452.dkr.ecr.us-west-2.amazonaws.com/amazon-k8s-cni:v1.19.2-eksbuild.1' });
    pods.push({ pod: { name: `kube-proxy-${suffix(`kube-proxy${node.name}`, 5)}`, namespace: 'kube-system', phase }, node: node.name, image: '602401143452.dkr.ecr.us-west-2.amazonaws.com/eks/kube-proxy:v1.33.0-eksbuild.2' });
  }
  return pods;
}

export function seedStore(store: ObjectStore, seed: KubeClusterSeed, cluster: { kubernetesVersion: string; region: string; caPem: string; now: number }): void {
  const namespaces = [...new Set([...SYSTEM_NAMESPACES, ...seed.namespaces, ...seed.pods.map((pod) => pod.namespace)])];
  for (const name of namespaces) {
    store.create(type('namespaces'), {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name, labels: { 'kubernetes.io/metadata.name': name } },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    });
    store.create(type('configmaps'), {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'kube-root-ca.crt', namespace: name },
      data: { 'ca.crt': cluster.caPem },
    });
  }
  for (const node of seed.nodes) store.create(type('nodes'), nodeObject(node, cluster.kubernetesVersion, cluster.region, cluster.now));

  const scheduled = seed.nodes.filter((node) => node.ready);
  const systemAlreadySeeded = seed.pods.some((pod) => pod.namespace === 'kube-system');
  const pods = [
    ...(systemAlreadySeeded ? [] : systemPods(seed.nodes)),
    ...seed.pods.map((pod, index) => {
      const node = scheduled[index % Math.max(scheduled.length, 1)]?.name;
      return { pod, ...(node !== undefined && { node }), image: 'public.ecr.aws/nginx/nginx:1.27' };
    }),
  ];
  for (const { pod, node, image } of pods) {
    // A pod with no node to run on stays Pending, as the scheduler would leave it.
    const effective = node === undefined ? { ...pod, phase: 'Pending' as const } : pod;
    store.create(type('pods'), podObject(effective, node, image, cluster.now));
  }

  if (seed.awsAuth !== null) {
    store.create(type('configmaps'), {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'aws-auth', namespace: 'kube-system' },
      data: { ...seed.awsAuth },
    });
  }

  for (const object of [...defaultRbacObjects(), ...seed.rbac]) {
    const kubeObject = object as KubeObject;
    const resourceType = resourceTypeByKind(String(kubeObject.apiVersion), String(kubeObject.kind));
    if (!resourceType || !kubeObject.metadata?.name) throw new Error(`seed RBAC object ${JSON.stringify(kubeObject.metadata?.name)} of kind ${String(kubeObject.kind)} is not supported`);
    const existing = store.get(resourceType, kubeObject.metadata.namespace, kubeObject.metadata.name);
    if (existing) store.update(resourceType, { ...kubeObject, metadata: { ...kubeObject.metadata } });
    else store.create(resourceType, kubeObject);
  }
}
