import { describe, expect, it } from 'vitest';
import { jsonPatch, mergePatch, patchTypeOf, strategicMergePatch } from '../../../sandbox/kube/patch.js';
import type { Json } from '../../../sandbox/kube/patch.js';
import { selectorFilter } from '../../../sandbox/kube/selectors.js';
import { humanAge } from '../../../sandbox/kube/table.js';
import type { KubeObject } from '../../../sandbox/kube/store.js';

describe('patches', () => {
  it('merge patch (RFC 7386): objects merge, null deletes, lists are replaced', () => {
    expect(mergePatch({ a: { b: 1, c: 2 }, list: [1, 2] }, { a: { c: null, d: 3 }, list: [3] })).toEqual({ a: { b: 1, d: 3 }, list: [3] });
  });

  it('strategic merge patch merges keyed lists and honours $patch: delete and replace', () => {
    const pod: Json = { spec: { containers: [{ name: 'app', image: 'a:1', env: [{ name: 'X', value: '1' }] }, { name: 'sidecar', image: 's:1' }] } };
    const patched = strategicMergePatch(pod, { spec: { containers: [{ name: 'app', env: [{ name: 'Y', value: '2' }] }, { name: 'sidecar', $patch: 'delete' }] } });
    expect(patched).toEqual({ spec: { containers: [{ name: 'app', image: 'a:1', env: [{ name: 'X', value: '1' }, { name: 'Y', value: '2' }] }] } });
    expect(strategicMergePatch({ data: { a: '1', b: '2' } }, { data: { $patch: 'replace', c: '3' } })).toEqual({ data: { c: '3' } });
    expect(strategicMergePatch({ args: ['a', 'b'] }, { args: ['c'] })).toEqual({ args: ['c'] });
  });

  it('JSON patch (RFC 6902): add, remove, replace, test, and errors for missing paths', () => {
    const document = { metadata: { labels: { a: '1' } }, items: ['x', 'y'] };
    expect(
      jsonPatch(document, [
        { op: 'test', path: '/metadata/labels/a', value: '1' },
        { op: 'add', path: '/metadata/labels/b~1c', value: '2' },
        { op: 'replace', path: '/items/0', value: 'z' },
        { op: 'add', path: '/items/-', value: 'w' },
        { op: 'remove', path: '/metadata/labels/a' },
      ]),
    ).toEqual({ metadata: { labels: { 'b/c': '2' } }, items: ['z', 'y', 'w'] });
    expect(document.metadata.labels).toEqual({ a: '1' });
    expect(() => jsonPatch(document, [{ op: 'remove', path: '/nothing/here' }])).toThrow(/does not exist/);
    expect(() => jsonPatch(document, [{ op: 'test', path: '/items/0', value: 'q' }])).toThrow(/test/);
    expect(() => jsonPatch(document, { op: 'add' })).toThrow(/list of operations/);
  });

  it('knows the three patch content types and refuses server-side apply', () => {
    expect(patchTypeOf('application/strategic-merge-patch+json; charset=utf-8')).toBe('application/strategic-merge-patch+json');
    expect(() => patchTypeOf('application/apply-patch+yaml')).toThrow(/unknown format/);
    expect(() => patchTypeOf(undefined)).toThrow(/unknown format/);
  });
});

describe('selectors', () => {
  const pod = (name: string, labels: Record<string, string>): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'n', labels }, status: { phase: 'Running' } });
  const pods = [pod('a', { app: 'web', tier: 'front' }), pod('b', { app: 'api' }), pod('c', {})];
  const names = (label: string | null, field: string | null = null) => pods.filter(selectorFilter(label, field)).map((item) => item.metadata.name);

  it('reads label selectors in every form kubectl sends', () => {
    expect(names('app=web')).toEqual(['a']);
    expect(names('app==api')).toEqual(['b']);
    expect(names('app!=web')).toEqual(['b', 'c']);
    expect(names('app')).toEqual(['a', 'b']);
    expect(names('!app')).toEqual(['c']);
    expect(names('app in (web, api),tier notin (back)')).toEqual(['a', 'b']);
    expect(names(null)).toEqual(['a', 'b', 'c']);
    expect(() => names('app in web')).toThrow(/unable to parse/);
  });

  it('reads field selectors on nested fields', () => {
    expect(names(null, 'metadata.name=b')).toEqual(['b']);
    expect(names(null, 'status.phase!=Running')).toEqual([]);
  });
});

describe('ages', () => {
  it('prints them the way kubectl does', () => {
    const now = Date.parse('2026-01-10T00:00:00Z');
    const ago = (seconds: number) => new Date(now - seconds * 1000).toISOString();
    expect(humanAge(ago(5), now)).toBe('5s');
    expect(humanAge(ago(150), now)).toBe('2m30s');
    expect(humanAge(ago(45 * 60), now)).toBe('45m');
    expect(humanAge(ago(5 * 3600), now)).toBe('5h');
    expect(humanAge(ago(3 * 86400), now)).toBe('3d');
    expect(humanAge(ago(800 * 86400), now)).toBe('2y');
    expect(humanAge(undefined, now)).toBe('<unknown>');
  });
});
