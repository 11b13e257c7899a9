// The lines a row's tooltip adds for what a check found.
import { describe, expect, it } from 'vitest';
import { checkFactLines } from '../../renderer/src/lib/format.js';

describe('checkFactLines', () => {
  it('names nodes, version and latency of an ok check', () => {
    expect(checkFactLines({ nodes: 3, readyNodes: 2, serverVersion: 'v1.31.2', latencyMs: 42 })).toEqual(['Nodes: 3 nodes, 2 Ready', 'Kubernetes v1.31.2', 'Checked in 42 ms']);
  });

  it('says when Ready nodes were counted on the first page only', () => {
    expect(checkFactLines({ nodes: 1200, readyNodes: 480, readyOfFirst: 500 })).toEqual(['Nodes: 1200 nodes, 480 Ready of the first 500']);
    expect(checkFactLines({ readyNodes: 499, readyOfFirst: 500 })).toEqual(['Nodes: more than 500 nodes, 499 Ready of the first 500']);
  });

  it('lists usable namespaces of a forbidden check and a private endpoint', () => {
    expect(checkFactLines({ namespaces: ['team-a', 'team-b'] })).toEqual(['Usable namespaces: team-a, team-b']);
    expect(checkFactLines({ namespaces: [] })).toEqual(['No usable namespace known']);
    expect(checkFactLines({ privateOnly: true })).toEqual(['Private endpoint: reachable only from inside the VPC or over VPN']);
    expect(checkFactLines({})).toEqual([]);
  });
});
