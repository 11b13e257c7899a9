// The fast (spliced text) path against the Document path: the same plan applied to the same
// file must give the same summary and the same data, keep foreign bytes as they were, and
// leave to the Document path every file it does not fully understand.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parse, parseDocument, stringify } from 'yaml';
import { applyPlan, type PruneOptions } from '../../../main/core/kubeconfig/apply-plan.js';
import { planContexts } from '../../../main/core/kubeconfig/contexts.js';
import { documentKubeconfig } from '../../../main/core/kubeconfig/document-model.js';
import { NotUnderstood } from '../../../main/core/kubeconfig/editable.js';
import { desiredEntries, type DesiredEntries } from '../../../main/core/kubeconfig/entries.js';
import { spliceKubeconfig } from '../../../main/core/kubeconfig/splice.js';
import { clusterInfo } from './clusters.js';

const FIXTURE = readFileSync(new URL('./fixtures/kubeconfig-from-aws-eks-update-kubeconfig.yaml', import.meta.url), 'utf8');
const exec = { command: '/opt/node/bin/node', args: ['/opt/eks-sso/cli/eks-sso.js'] };
const accounts = [{ accountId: '111122223333', accountName: 'prod', roles: ['Admin', 'ReadOnly'] }];

function plan(names: string[], overrides: { endpoint?: string; execMode?: 'builtin' | 'aws' } = {}): DesiredEntries[] {
  const clusters = names.map((name) => clusterInfo({ name, ...(overrides.endpoint ? { endpoint: overrides.endpoint } : {}) }));
  return planContexts(clusters, accounts, '{account}/{role}/{cluster}').map((spec) => desiredEntries(spec, { execMode: overrides.execMode ?? 'builtin', exec }));
}

/** Applies `entries` to `text` both ways; returns the fast output after checking it against the Document path's. */
function applyBoth(text: string, entries: DesiredEntries[], options: PruneOptions = {}): string {
  const fast = spliceKubeconfig(text);
  expect(fast, 'the fast path should read this file').not.toBeNull();
  const document = documentKubeconfig(text, 'config');
  const fastResult = applyPlan(fast!, entries, options);
  const documentResult = applyPlan(document, entries, options);
  expect(fastResult).toEqual(documentResult);
  const fastText = fastResult.changed ? fast!.serialize() : text;
  const documentText = documentResult.changed ? document.serialize() : text;
  expect(parseDocument(fastText).errors).toEqual([]);
  expect(parse(fastText)).toEqual(parse(documentText));
  return fastText;
}

/** The text of every item of the three sections, as written in `text`. */
function itemTexts(text: string): string[] {
  return text
    .split(/\n(?=\s*- )/)
    .filter((chunk) => /^\s*- /.test(chunk))
    .map((chunk) => chunk.split(/\n(?=[^\s-])/)[0]!.replace(/\n+$/, ''));
}

const foreign = {
  apiVersion: 'v1',
  kind: 'Config',
  preferences: { colors: true },
  'current-context': 'theirs',
  clusters: [{ name: 'theirs', cluster: { server: 'https://theirs.example.test', 'insecure-skip-tls-verify': true } }],
  contexts: [{ name: 'theirs', context: { cluster: 'theirs', user: 'theirs', namespace: 'default' } }],
  users: [{ name: 'theirs', user: { token: 'not-a-secret' } }],
};

const inputs: Array<[string, string]> = [
  ['aws eks update-kubeconfig (lists at column 0, comments on top)', FIXTURE],
  ['the yaml library style (lists at column 2)', stringify(foreign)],
  ['an empty file', ''],
  ['whitespace only', '\n  \n'],
  ['empty sections as kubectl starts them', 'apiVersion: v1\nclusters: []\ncontexts: []\ncurrent-context: ""\nkind: Config\npreferences: {}\nusers: []\n'],
  ['null and missing sections', 'apiVersion: v1\nkind: Config\nclusters:\ncontexts: null # none yet\n'],
  [
    'comments between and inside items, quoted names, flow bodies, no final newline',
    [
      '# my clusters',
      'apiVersion: v1',
      'clusters:',
      '# the first one',
      '- name: "quoted: name # not a comment"',
      '  cluster:',
      '    # inside',
      '    server: https://a.example.test # trailing',
      '',
      "- name: 'single ''quoted'''",
      '  cluster: {server: "https://b.example.test"}',
      'contexts:',
      '- context: {cluster: "quoted: name # not a comment", user: u}',
      '  name: "\\u00e9t\\u00e9"',
      'users:',
      '- name: u',
      '  user:',
      '    exec:',
      '      command: aws',
      '      args:',
      '      - "--flag"',
      '      - 123',
      '      env: null',
      'preferences: {}',
      'current-context: "\\u00e9t\\u00e9"',
    ].join('\n'),
  ],
];

describe('the fast path gives the Document path’s result', () => {
  it.each(inputs)('adds our entries to %s', (_label, text) => {
    const after = applyBoth(text, plan(['payments', 'web']));
    const data = parse(after) as { contexts: Array<{ name: string }> };
    expect(data.contexts.map((entry) => entry.name)).toEqual(expect.arrayContaining(['prod/Admin/payments', 'prod/ReadOnly/web']));
    // Every foreign item is still there, byte for byte.
    for (const item of itemTexts(text)) expect(after).toContain(item);
    // And the file reads fast again, to the same result, with nothing left to change.
    expect(spliceKubeconfig(after)).not.toBeNull();
    expect(applyPlan(spliceKubeconfig(after)!, plan(['payments', 'web']), {}).changed).toBe(false);
  });

  it.each(inputs)('updates, prunes and keeps a user-set namespace in %s', (_label, text) => {
    const written = applyBoth(text, plan(['payments', 'web', 'old']));
    // The user sets a namespace on one of our contexts, in kubectl's way of writing.
    const data = parse(written) as { contexts: Array<{ name: string; context: Record<string, unknown> }> };
    data.contexts.find((entry) => entry.name === 'prod/Admin/web')!.context.namespace = 'team-a';
    const edited = written.replace(/(- name: prod\/Admin\/web\n(\s*)context:\n)/, '$1$2  namespace: team-a\n');
    expect(parse(edited)).toEqual(data);

    const moved = plan(['payments', 'web'], { endpoint: 'https://moved.example.test' });
    const after = applyBoth(edited, moved, { prune: true, pruneSessions: ['acme'] });
    const result = parse(after) as { contexts: Array<{ name: string; context: Record<string, unknown> }>; clusters: Array<{ name: string; cluster: Record<string, unknown> }> };
    expect(result.contexts.find((entry) => entry.name === 'prod/Admin/web')!.context.namespace).toBe('team-a');
    expect(result.contexts.map((entry) => entry.name).filter((name) => name.endsWith('/old'))).toEqual([]);
    expect(result.clusters.filter((entry) => entry.name.startsWith('eks-sso:')).map((entry) => entry.cluster.server)).toEqual(['https://moved.example.test', 'https://moved.example.test']);

    // Pruning everything of ours leaves empty lists, as the Document path does.
    applyBoth(after, [], { prune: true });
    // Switching the exec mode rewrites every user entry.
    applyBoth(after, plan(['payments', 'web'], { execMode: 'aws' }));
  });

  it('reports the same conflicts and never touches a foreign entry with our name', () => {
    const text = 'apiVersion: v1\nkind: Config\ncontexts:\n- name: prod/Admin/web\n  context:\n    cluster: mine\n    user: me\n';
    const after = applyBoth(text, plan(['web']));
    expect(after).toContain('- name: prod/Admin/web\n  context:\n    cluster: mine\n    user: me\n');
  });

  it('switches current-context like the Document path, and reads the same summary', () => {
    for (const [, text] of inputs) {
      const written = applyBoth(text, plan(['web']));
      const fast = spliceKubeconfig(written)!;
      const document = documentKubeconfig(written, 'config');
      for (const section of ['clusters', 'contexts', 'users'] as const) {
        expect(fast.entries(section).map((entry) => [entry.name, entry.marker])).toEqual(document.entries(section).map((entry) => [entry.name, entry.marker]));
      }
      expect(fast.currentContext()).toBe(document.currentContext());
      fast.setCurrentContext('prod/ReadOnly/web');
      document.setCurrentContext('prod/ReadOnly/web');
      expect(parse(fast.serialize())).toEqual(parse(document.serialize()));
    }
  });

  it('writes our entries in the file’s own list style', () => {
    const kubectlStyle = applyBoth(FIXTURE, plan(['web']));
    expect(kubectlStyle).toMatch(/\n- name: prod\/Admin\/web\n {2}context:\n/);
    const yamlStyle = applyBoth(stringify(foreign), plan(['web']));
    expect(yamlStyle).toMatch(/\n {2}- name: prod\/Admin\/web\n {4}context:\n/);
  });
});

describe('what the fast path leaves to the Document path', () => {
  const base = 'apiVersion: v1\nkind: Config\n';
  it.each([
    ['a non-empty flow section', `${base}clusters: [{name: a, cluster: {server: s}}]\n`],
    ['an anchor and an alias', `${base}clusters:\n- name: a\n  cluster: &c\n    server: s\n- name: b\n  cluster: *c\n`],
    ['a tag', `${base}clusters:\n- name: !!str a\n  cluster: {}\n`],
    ['CRLF line ends', base.replaceAll('\n', '\r\n')],
    ['a tab', `${base}clusters:\n- name: a\n  cluster:\n\tserver: s\n`],
    ['several documents', `---\n${base}---\n${base}`],
    ['a complex key', `${base}? clusters\n: []\n`],
    ['a quoted top-level key', `${base}"clusters": []\n`],
    ['a duplicate top-level key', `${base}clusters: []\nclusters: []\n`],
    ['an item without a name', `${base}contexts:\n- context: {cluster: a}\n`],
    ['a name that is a number', `${base}contexts:\n- name: 12\n  context: {cluster: a}\n`],
    ['a body that is not a mapping', `${base}users:\n- name: a\n  user: token\n`],
    ['a block scalar', `${base}users:\n- name: a\n  user:\n    token: |\n      abc\n`],
    ['a multi-line plain scalar', `${base}users:\n- name: a\n  user:\n    token: abc\n      def\n`],
    ['a comments-only file', '# nothing here\n'],
    ['a broken file', 'apiVersion: v1\nclusters:\n  - name: a\n    cluster: {server: "https://x\ncontexts: [\n'],
  ])('%s', (_label, text) => {
    expect(spliceKubeconfig(text)).toBeNull();
  });

  it('accepts only files the yaml library reads without an error, with the same names (mutation test)', () => {
    // Ours and foreign entries in both list styles (the second file nested under a key of the first).
    const nested = applyBoth(stringify(foreign), plan(['api'])).replace(/^(?=.)/gm, '  ');
    const seed = `${applyBoth(FIXTURE, plan(['web']))}extra:\n${nested}`;
    const lines = seed.split('\n');
    const pieces = [' ', '  ', '- ', ': ', ' #', '#', '"', "'", '{', '}', '[', ']', '&a ', '*a', '!t ', '|', '>', '---', '?', ',', '\\', 'true', '12', 'eks-sso', 'name: x', '\t'];
    let state = 12345;
    const random = (below: number) => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return state % below;
    };
    let accepted = 0;
    for (let round = 0; round < 500; round++) {
      const mutated = [...lines];
      for (let edit = 0; edit < 1 + random(3); edit++) {
        const at = random(mutated.length);
        const line = mutated[at]!;
        const column = random(line.length + 1);
        const kind = random(3);
        if (kind === 0) mutated[at] = line.slice(0, column) + pieces[random(pieces.length)]! + line.slice(column);
        else if (kind === 1) mutated[at] = line.slice(0, column) + line.slice(column + 1 + random(3));
        else mutated.splice(at, 0, mutated[random(mutated.length)]!);
      }
      const text = mutated.join('\n');
      const fast = spliceKubeconfig(text);
      if (!fast) continue;
      accepted++;
      expect(parseDocument(text, { uniqueKeys: false }).errors, text).toEqual([]);
      const document = documentKubeconfig(text, 'config');
      for (const section of ['clusters', 'contexts', 'users'] as const) {
        expect(fast.entries(section).map((entry) => entry.name), text).toEqual(document.entries(section).map((entry) => entry.name));
      }
      expect(fast.currentContext(), text).toBe(document.currentContext());
      try {
        expect(fast.entries('users').map((entry) => entry.marker), text).toEqual(document.entries('users').map((entry) => entry.marker));
        // And a run on it writes the same data either way.
        const entries = plan(['web', 'api']);
        const fastResult = applyPlan(fast, entries, { prune: true });
        expect(fastResult, text).toEqual(applyPlan(document, entries, { prune: true }));
        expect(parse(fast.serialize(), { uniqueKeys: false }), text).toEqual(parse(document.serialize(), { uniqueKeys: false }));
      } catch (error) {
        // An entry it cannot re-read makes the caller start over with the Document path.
        if (!(error instanceof NotUnderstood)) throw error;
      }
    }
    // The mutations must leave enough files inside the subset for this to test anything.
    expect(accepted).toBeGreaterThan(60);
  });
});
