// writeKubeconfig on files the fast path leaves to the Document path — before it starts, or
// half-way through a run — writes what the Document path always wrote.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { applyPlan } from '../../../main/core/kubeconfig/apply-plan.js';
import { planContexts } from '../../../main/core/kubeconfig/contexts.js';
import { NotUnderstood } from '../../../main/core/kubeconfig/editable.js';
import { desiredEntries } from '../../../main/core/kubeconfig/entries.js';
import { spliceKubeconfig } from '../../../main/core/kubeconfig/splice.js';
import { writeKubeconfig } from '../../../main/core/kubeconfig/write.js';
import { clusterInfo, coreContext } from './clusters.js';

const accounts = [{ accountId: '111122223333', accountName: 'prod', roles: ['Admin'] }];
const exec = { command: '/opt/node/bin/node', args: ['/opt/eks-sso/cli/eks-sso.js'] };

interface Parsed {
  clusters: Array<{ name: string; cluster: Record<string, unknown>; [key: string]: unknown }>;
  contexts: Array<{ name: string; context: Record<string, unknown> }>;
  users: Array<{ name: string; user: Record<string, unknown> }>;
}

let folder: string;
let file: string;
beforeEach(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'eks-sso-fallback-'));
  file = path.join(folder, 'config');
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

const context = () => coreContext({ HOME: folder, KUBECONFIG: file });
const plan = (endpoint?: string) => planContexts([clusterInfo({ name: 'web', ...(endpoint ? { endpoint } : {}) })], accounts, '{account}/{role}/{cluster}');
const read = async () => parse(await readFile(file, 'utf8')) as Parsed;

describe('writeKubeconfig falls back to the Document path', () => {
  it('for a file with anchors and aliases, keeping the foreign entries’ data', async () => {
    const text = 'apiVersion: v1\nkind: Config\nclusters:\n- name: a\n  cluster:\n    server: &shared https://a.example.test\n- name: b\n  cluster:\n    server: *shared\n';
    await writeFile(file, text);
    expect(spliceKubeconfig(text)).toBeNull();
    const summary = await writeKubeconfig(context(), plan(), { execMode: 'builtin', exec });
    expect(summary).toMatchObject({ added: ['prod/Admin/web'], written: true });
    const after = await read();
    expect(after.clusters.slice(0, 2)).toEqual([
      { name: 'a', cluster: { server: 'https://a.example.test' } },
      { name: 'b', cluster: { server: 'https://a.example.test' } },
    ]);
    expect(after.contexts.map((entry) => entry.name)).toEqual(['prod/Admin/web']);
  });

  it('for a file with CRLF line ends', async () => {
    const text = 'apiVersion: v1\r\nkind: Config\r\ncontexts:\r\n- name: theirs\r\n  context:\r\n    cluster: a\r\n';
    await writeFile(file, text);
    expect(spliceKubeconfig(text)).toBeNull();
    await writeKubeconfig(context(), plan(), { execMode: 'builtin', exec });
    expect((await read()).contexts.map((entry) => entry.name)).toEqual(['theirs', 'prod/Admin/web']);
  });

  it('half-way, when one of our entries to update holds a key besides its name and body', async () => {
    await writeKubeconfig(context(), plan(), { execMode: 'builtin', exec });
    const written = await readFile(file, 'utf8');
    // Someone added a key next to `name` and `cluster` in our entry; the Document path keeps it.
    const clusterName = 'eks-sso:arn:aws:eks:eu-west-1:111122223333:cluster/web';
    const edited = written.replace(`- name: ${clusterName}\n`, `- name: ${clusterName}\n  note: mine\n`);
    expect(edited).not.toBe(written);
    await writeFile(file, edited);
    const moved = plan('https://moved.example.test');
    const entries = moved.map((spec) => desiredEntries(spec, { execMode: 'builtin', exec }));
    // The fast path reads the file, and gives up only when it comes to rewrite that entry.
    expect(() => applyPlan(spliceKubeconfig(edited)!, entries, {})).toThrow(NotUnderstood);

    const summary = await writeKubeconfig(context(), moved, { execMode: 'builtin', exec });
    expect(summary.updated).toEqual(['prod/Admin/web']);
    const after = await read();
    expect(after.clusters[0]).toMatchObject({ name: clusterName, note: 'mine', cluster: { server: 'https://moved.example.test' } });
  });
});
