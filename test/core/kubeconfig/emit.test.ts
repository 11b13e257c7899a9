// The fast path's emitter: what it writes reads back to the same strings with the `yaml`
// library, with the fast path's own reader, and with kubectl (a YAML 1.1 reader, where `yes`,
// `on` or `0755` are not strings).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { emitItem, emitString, emitTopLevel } from '../../../main/core/kubeconfig/emit.js';
import { spliceKubeconfig } from '../../../main/core/kubeconfig/splice.js';
import { readItemText } from '../../../main/core/kubeconfig/read-item.js';
import { kubectlPath } from '../../helpers/kubectl.js';


const TRICKY = [
  ...['', ' ', 'yes', 'No', 'ON', 'off', 'y', 'N', 'true', 'False', 'null', 'Null', '~', '<<', '='],
  ...['123', '012345678901', '0755', '-1', '+1', '1e3', '0x1F', '0o17', '.5', '.inf', '-.inf', '.nan', '1:20', '2001-12-14', '1_000'],
  ...['-', '--flag', '- x', '?', '? x', ':', ':x', 'a:', 'a: b', 'a:b', 'a #b', 'a#b', '#x', '@x', '`x', '!x', '&x', '*x', '%x', '|', '>', ','],
  ...["'", '"', 'a"b', "a'b", '[x]', '{x: y}', 'x, y', ' lead', 'trail ', 'two  spaces', 'line\nbreak', 'tab\there', 'cr\rhere'],
  ...['été', '日本語', 'emoji 🙂', '\u2028', '\u0085', '\u007f', '\u0000', '\ufeff', 'back\\slash', 'C:\\Users\\me', '---', '...', '--- x'],
  ...['arn:aws:eks:eu-west-1:111122223333:cluster/web', 'https://x.example.test/p?a=b&c=d', 'Q0EtREFUQQ+/=='.repeat(20), 'eks-sso:acme:Admin@arn:aws:eks:x'],
];

const body = {
  exec: {
    apiVersion: 'client.authentication.k8s.io/v1beta1',
    command: '/opt/node/bin/node',
    args: TRICKY,
    env: TRICKY.map((value, index) => ({ name: `V${index}`, value })),
    interactiveMode: 'Never',
  },
  extensions: [{ name: 'eks-sso', extension: { session: 'yes', accountId: '012345678901', region: 'on' } }],
};

describe('emitString', () => {
  it.each(TRICKY)('%j reads back as itself', (value) => {
    expect(parse(`key: ${emitString(value)}\n`)).toEqual({ key: value });
  });

  it('leaves the common values plain, as kubectl writes them', () => {
    for (const value of ['web', '--region', '/opt/node/bin/node', 'arn:aws:eks:eu-west-1:111122223333:cluster/web', 'https://web.example.test', 'Q0EtREFUQQ==']) expect(emitString(value)).toBe(value);
    for (const value of ['yes', '111122223333', 'a: b', '']) expect(emitString(value)).toMatch(/^"/);
  });
});

describe('emitItem', () => {
  it.each([0, 2])('writes an item that reads back the same, with the list at column %i', (column) => {
    const item = emitItem(column, 'user: yes', 'user', body);
    const file = `apiVersion: v1\nusers:\n${item}`;
    expect(parse(file)).toEqual({ apiVersion: 'v1', users: [{ name: 'user: yes', user: body }] });
    // The fast path reads its own output: no fallback on the next run.
    expect(spliceKubeconfig(file)?.entries('users').map((entry) => entry.name)).toEqual(['user: yes']);
    expect(readItemText(item)).toEqual([{ name: 'user: yes', user: body }]);
  });
});

describe.skipIf(!kubectlPath)('kubectl reads what the emitter writes', () => {
  let folder: string;
  beforeAll(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'eks-sso-emit-'));
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('gets the same strings back (YAML 1.1 booleans, octal-looking ids and all)', async () => {
    const file = path.join(folder, 'config');
    const text = ['apiVersion: v1', 'kind: Config', 'clusters:', emitItem(0, 'c', 'cluster', { server: 'https://x.example.test' })]
      .concat(['contexts:', emitItem(0, 'yes', 'context', { cluster: 'c', user: '0755', namespace: 'on' })])
      .concat(['users:', emitItem(0, '0755', 'user', { exec: body.exec }), emitTopLevel('current-context', 'yes')])
      .join('\n');
    await writeFile(file, text, { mode: 0o600 });
    const { stdout } = await promisify(execFile)(kubectlPath!, ['config', 'view', '--raw', '-o', 'json', '--kubeconfig', file], { env: { PATH: process.env.PATH ?? '', HOME: folder } });
    const view = JSON.parse(stdout) as {
      'current-context': string;
      contexts: Array<{ name: string; context: Record<string, string> }>;
      users: Array<{ name: string; user: { exec: { args: string[]; env: Array<{ name: string; value: string }> } } }>;
    };
    expect(view['current-context']).toBe('yes');
    expect(view.contexts).toEqual([{ name: 'yes', context: { cluster: 'c', user: '0755', namespace: 'on' } }]);
    expect(view.users[0]!.name).toBe('0755');
    expect(view.users[0]!.user.exec.args).toEqual(TRICKY);
    expect(view.users[0]!.user.exec.env).toEqual(body.exec.env);
  });
});
