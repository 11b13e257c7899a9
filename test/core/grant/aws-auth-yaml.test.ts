import { describe, expect, it } from 'vitest';
import { addGroup, appendMapping, findMapping, parseMapRoles, removeGroup, removeMapping } from '../../../main/core/grant/aws-auth-yaml.js';

// Real-world shapes: node roles with templates, a comment, odd indentation, a flow list, quoting.
const ODD = `- rolearn: arn:aws:iam::111122223333:role/eks-node-group-NodeInstanceRole-1ABC
  username: system:node:{{EC2PrivateDNSName}}
  groups:
    - system:bootstrappers
    - system:nodes
# platform team, do not remove
-   rolearn: "arn:aws:iam::111122223333:role/Platform"
    username: 'platform:{{SessionName}}'
    groups: [ platform-admins , viewers ]
- {rolearn: arn:aws:iam::111122223333:role/Flow, username: flow}
`;

const ME = 'arn:aws:iam::111122223333:role/AWSReservedSSO_Admin_0123456789abcdef';

describe('appendMapping', () => {
  it('appends at the end and leaves every byte of the other entries alone', () => {
    const edited = appendMapping(ODD, { rolearn: ME, username: 'eks-sso:Admin:{{SessionName}}', groups: ['system:masters'] });
    expect(edited.startsWith(ODD)).toBe(true);
    const entries = parseMapRoles(edited);
    expect(entries).toHaveLength(4);
    expect(entries.slice(0, 3)).toEqual(parseMapRoles(ODD));
    expect(entries[3]).toEqual({ rolearn: ME, username: 'eks-sso:Admin:{{SessionName}}', groups: ['system:masters'] });
  });

  it('follows an indented list', () => {
    const indented = '    - rolearn: arn:aws:iam::111122223333:role/Node\n      username: node\n';
    const edited = appendMapping(indented, { rolearn: ME, username: 'me' });
    expect(edited).toBe(`${indented}    - rolearn: ${ME}\n      username: me\n`);
  });

  it('starts a list when mapRoles is empty or only comments', () => {
    expect(parseMapRoles(appendMapping('', { rolearn: ME, username: 'me' }))).toEqual([{ rolearn: ME, username: 'me' }]);
    const commented = appendMapping('# nothing yet', { rolearn: ME, username: 'me' });
    expect(commented.startsWith('# nothing yet\n')).toBe(true);
    expect(parseMapRoles(commented)).toEqual([{ rolearn: ME, username: 'me' }]);
  });

  it('adds to a flow list through the document, keeping the values', () => {
    const flow = '[{rolearn: "arn:aws:iam::111122223333:role/Node", username: node, groups: [system:nodes]}]';
    const edited = appendMapping(flow, { rolearn: ME, username: 'me' });
    expect(parseMapRoles(edited)).toEqual([...parseMapRoles(flow), { rolearn: ME, username: 'me' }]);
  });

  it('refuses a mapRoles that does not parse, and one that is not a list', () => {
    expect(() => appendMapping('- rolearn: a\n  groups: [unclosed\n', { rolearn: ME })).toThrow(/does not parse/);
    expect(() => appendMapping('rolearn: a\n', { rolearn: ME })).toThrow(/not a list/);
  });
});

describe('removeMapping', () => {
  it('restores the exact previous text after an append', () => {
    const edited = appendMapping(ODD, { rolearn: ME, username: 'x', groups: ['system:masters'] });
    expect(removeMapping(edited, ME)).toBe(ODD);
  });

  it('cuts an entry from the middle and keeps the rest, comments included', () => {
    const edited = removeMapping(ODD, 'arn:aws:iam::111122223333:role/Platform');
    expect(edited).toContain('# platform team, do not remove');
    expect(parseMapRoles(edited)).toEqual([parseMapRoles(ODD)[0], parseMapRoles(ODD)[2]]);
  });

  it('matches the role ARN case-insensitively and leaves text alone when absent', () => {
    expect(parseMapRoles(removeMapping(ODD, 'ARN:AWS:IAM::111122223333:ROLE/FLOW'))).toHaveLength(2);
    expect(removeMapping(ODD, ME)).toBe(ODD);
  });
});

describe('groups of an existing entry', () => {
  it('adds and removes one group, every other entry unchanged', () => {
    const platform = 'arn:aws:iam::111122223333:role/Platform';
    const added = addGroup(ODD, platform, 'system:masters');
    const entries = parseMapRoles(added);
    expect(findMapping(entries, platform)?.mapping.groups).toEqual(['platform-admins', 'viewers', 'system:masters']);
    expect(entries[0]).toEqual(parseMapRoles(ODD)[0]);
    expect(entries[2]).toEqual(parseMapRoles(ODD)[2]);
    expect(parseMapRoles(removeGroup(added, platform, 'system:masters'))).toEqual(parseMapRoles(ODD));
  });

  it('changes only the bytes of that entry: other entries, comments and odd formatting stay as they were', () => {
    const platform = 'arn:aws:iam::111122223333:role/Platform';
    const added = addGroup(ODD, platform, 'system:masters');
    expect(added).toBe(ODD.replace('[ platform-admins , viewers ]', '["platform-admins", "viewers", "system:masters"]'));
    // An entry without groups (as a namespace grant appends it) gets them as its last line, and back.
    const mine = appendMapping(ODD, { rolearn: ME, username: 'eks-sso:Admin' });
    const withMasters = addGroup(mine, ME, 'system:masters');
    expect(withMasters).toBe(`${mine.trimEnd()}\n  groups: ["system:masters"]\n`);
    expect(withMasters.startsWith(ODD)).toBe(true);
    const without = removeGroup(withMasters, ME, 'system:masters');
    expect(without).toBe(`${mine.trimEnd()}\n  groups: []\n`);
    expect(removeMapping(without, ME)).toBe(ODD);
    // A block list is replaced in place too.
    const node = 'arn:aws:iam::111122223333:role/eks-node-group-NodeInstanceRole-1ABC';
    const nodeEdited = removeGroup(ODD, node, 'system:bootstrappers');
    expect(nodeEdited.slice(nodeEdited.indexOf('# platform team'))).toBe(ODD.slice(ODD.indexOf('# platform team')));
    expect(findMapping(parseMapRoles(nodeEdited), node)?.mapping.groups).toEqual(['system:nodes']);
  });

  it('says so when the role has no entry', () => {
    expect(() => addGroup(ODD, ME, 'system:masters')).toThrow(/no entry/);
  });
});
