// `eks-sso token` runs on every kubectl call: what it imports from here must not pull in the
// AWS SDK (loaded lazily, only when credentials must be fetched). Checked on the source graph.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../helpers/repo.js';

function staticImports(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const source = readFileSync(file, 'utf8');
  // Static imports only (`import … from`, `export … from`); `import type` is erased at build time.
  for (const match of source.matchAll(/^(?:import|export)\s+(?!type\s)[^;]*?from\s+'([^']+)'/gm)) {
    const target = match[1]!;
    if (target.startsWith('.')) staticImports(path.resolve(path.dirname(file), target.replace(/\.js$/, '.ts')), seen);
    else seen.add(target);
  }
  return seen;
}

describe('light modules', () => {
  it.each([['main/core/sso/role-credentials-cache.ts'], ['main/core/secrets/file-secret-store.ts']])('%s loads no AWS SDK code', (file) => {
    const graph = [...staticImports(path.join(repoRoot, file))];
    expect(graph.filter((entry) => entry.startsWith('@aws-sdk') || entry.startsWith('@smithy'))).toEqual([]);
    expect(graph.filter((entry) => !entry.startsWith('/') && !entry.startsWith('node:'))).toEqual([]);
  });

  it('the sign-in core reaches the SDK only through dynamic import()', () => {
    const graph = [...staticImports(path.join(repoRoot, 'main/core/sso/index.ts'))];
    expect(graph.filter((entry) => entry.startsWith('@aws-sdk') || entry.startsWith('@smithy'))).toEqual([]);
    // The sign-in flows (node:http for the PKCE listener) load only when someone signs in.
    expect(graph).not.toContain('node:http');
    const signIn = [...staticImports(path.join(repoRoot, 'main/core/sso/sign-in.ts'))];
    expect(signIn).toContain('node:http'); // the walk reached the PKCE listener, deep in the graph
    expect(signIn.filter((entry) => entry.startsWith('@aws-sdk') || entry.startsWith('@smithy'))).toEqual([]);
  });
});
