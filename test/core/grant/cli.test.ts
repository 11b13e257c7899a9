// `eks-sso check` and `eks-sso grant` run in-process against the sandbox, as a user would.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { productConfigDir } from '../../../main/core/context.js';
import { runEksSso, type CliRun } from './run-cli.js';
import type { CheckResult } from '../../../main/core/check/index.js';
import { readAudit } from '../../../main/core/grant/index.js';
import { signedInOrg, type SignedInOrg } from '../check/sandbox-org.js';
import { GRANT_SCENARIO } from './scenario.js';

let org: SignedInOrg;
beforeAll(async () => {
  org = await signedInOrg(GRANT_SCENARIO, { user: 'alice@example.com' });
  // Only the scenario's regions, so the commands do not list clusters in seven empty ones.
  const settings = path.join(productConfigDir(org.test.env), 'settings.json');
  await mkdir(path.dirname(settings), { recursive: true });
  await writeFile(settings, JSON.stringify({ regions: ['us-east-1', 'eu-central-1'] }));
});
afterAll(async () => {
  await org?.close();
});

function cli(...argv: string[]): Promise<CliRun> {
  return runEksSso(org.test.env, argv);
}

describe('eks-sso check and grant', () => {
  it('check --json lists every context with its status', async () => {
    const result = await cli('check', '--json', '--timeout', '4');
    expect(result.code).toBe(0);
    const checks = JSON.parse(result.stdout) as CheckResult[];
    const status = (account: string, role: string, cluster: string) => checks.find((one) => one.contextName === org.spec(account, role, cluster).contextName)?.status;
    expect(status('legacy', 'AdministratorAccess', 'legacy')).toBe('ok');
    expect(status('legacy', 'ReadOnly', 'legacy')).toBe('unauthorized');
    expect(status('modern', 'AdministratorAccess', 'modern')).toBe('unauthorized');
    expect(result.stdout).not.toMatch(/k8s-aws-v1\.|ASIA[A-Z0-9]{16}/);
  });

  it('grant: dry run, apply, check --context, revoke', async () => {
    const name = org.spec('modern', 'ReadOnly', 'modern').contextName;
    const dry = await cli('grant', '--context', name, '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('authentication mode API');
    expect(dry.stdout).toMatch(/principal: +arn:aws:iam::555555555555:role\/aws-reserved\/sso\.amazonaws\.com\/AWSReservedSSO_ReadOnly_/);
    expect(dry.stdout).toContain('[eks:CreateAccessEntry]');
    expect((await cli('check', '--context', name)).code).toBe(1);

    const granted = await cli('grant', '--context', name);
    expect(granted.code).toBe(0);
    expect(granted.stdout).toMatch(/Granted: .* is ok/);
    const checked = await cli('check', '--context', name);
    expect(checked.code).toBe(0);
    expect(checked.stdout).toMatch(/\bok\b/);

    const again = await cli('grant', '--context', name, '--json');
    expect(JSON.parse(again.stdout)).toMatchObject({ changed: false, reachable: true, plan: { alreadyGranted: true } });

    const revoked = await cli('grant', '--context', name, '--revoke');
    expect(revoked.stdout).toContain('deleted the access entry');
    expect((await cli('check', '--context', name)).code).toBe(1);
  });

  it('explains mistakes on one line', async () => {
    const unknown = await cli('grant', '--context', 'no/such/context');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^eks-sso: no eks-sso context named "no\/such\/context"\. .*\n$/);
    const noNamespace = await cli('grant', '--context', org.spec('legacy', 'ReadOnly', 'legacy').contextName, '--scope', 'namespace');
    expect(noNamespace.code).toBe(2);
    expect(noNamespace.stderr).toContain('needs --namespace');
  });
});

describe('eks-sso grant --revoke: dry run and selection', () => {
  const name = () => org.spec('modern', 'ReadOnly', 'modern').contextName;
  const revokes = async () => (await readAudit(org.test.env)).filter((record) => record.action === 'revoke').length;

  it('--dry-run says what each outstanding grant would undo and changes nothing; --namespace undoes only that grant', async () => {
    expect((await cli('grant', '--context', name(), '--namespace', 'web')).code).toBe(0);
    expect((await cli('grant', '--context', name(), '--namespace', 'jobs', '--policy', 'AmazonEKSEditPolicy')).code).toBe(0);
    const revokesBefore = await revokes();

    const dry = await cli('grant', '--context', name(), '--revoke', '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/^Would revoke for .*nothing changed/);
    expect(dry.stdout).toMatch(/AmazonEKSEditPolicy in namespace jobs, granted .* as .*AdministratorAccess.*:\n {4}- disassociate AmazonEKSEditPolicy \(namespace scope \(jobs\)\)\n/);
    expect(dry.stdout).toMatch(/AmazonEKSAdminViewPolicy in namespace web, granted .*:\n {4}- delete the access entry for arn:aws:iam::555555555555:role\/aws-reserved\/sso\.amazonaws\.com\/AWSReservedSSO_ReadOnly_/);
    // The newest grant is undone first.
    expect(dry.stdout.indexOf('in namespace jobs')).toBeLessThan(dry.stdout.indexOf('in namespace web'));
    const json = JSON.parse((await cli('grant', '--context', name(), '--revoke', '--dry-run', '--json')).stdout) as { dryRun: boolean; changed: boolean; grants: Array<{ undo: string[] }> };
    expect(json).toMatchObject({ dryRun: true, changed: false });
    expect(json.grants).toHaveLength(2);
    expect(await revokes()).toBe(revokesBefore);
    const status = async () => (JSON.parse((await cli('check', '--context', name(), '--json')).stdout) as CheckResult[])[0];
    const both = await status();
    expect(both?.status).toBe('forbidden');
    expect([...(both?.namespaces ?? [])].sort()).toEqual(['jobs', 'web']);

    const onlyJobs = await cli('grant', '--context', name(), '--revoke', '--namespace', 'jobs', '--dry-run');
    expect(onlyJobs.stdout).toContain('in namespace jobs');
    expect(onlyJobs.stdout).not.toContain('in namespace web');

    const revoked = await cli('grant', '--context', name(), '--revoke', '--namespace', 'jobs');
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toBe(`Revoked for ${name()}:\n  - disassociated AmazonEKSEditPolicy\n`);
    // The grant in web is still there.
    expect(await status()).toMatchObject({ status: 'forbidden', namespaces: ['web'] });
    expect((await cli('grant', '--context', name(), '--revoke', '--namespace', 'jobs')).stdout).toMatch(/^Nothing to revoke: eks-sso has no outstanding grant in namespace jobs for /);

    const rest = await cli('grant', '--context', name(), '--revoke', '--policy', 'AmazonEKSAdminViewPolicy');
    expect(rest.stdout).toContain('deleted the access entry');
    expect((await status())?.status).toBe('unauthorized');
  });

  it('refuses a selection that would also take away a later grant, and selections that make no sense', async () => {
    expect((await cli('grant', '--context', name(), '--namespace', 'web')).code).toBe(0);
    expect((await cli('grant', '--context', name())).code).toBe(0);
    const refused = await cli('grant', '--context', name(), '--revoke', '--namespace', 'web');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(
      /^eks-sso: revoking only the AmazonEKSAdminViewPolicy grant in namespace web of .* would also take away the AmazonEKSClusterAdminPolicy grant at cluster scope of .*: it created the access entry the later grant uses\. Revoke the later grant first, or every grant with eks-sso grant --context .* --revoke\n$/,
    );
    const mixed = await cli('grant', '--context', name(), '--revoke', '--scope', 'cluster', '--namespace', 'web');
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toContain('--namespace selects namespace-scoped grants');
    expect((await cli('check', '--context', name())).code).toBe(0);

    // The later grant first, then the earlier one: both sound.
    expect((await cli('grant', '--context', name(), '--revoke', '--scope', 'cluster')).stdout).toContain('disassociated AmazonEKSClusterAdminPolicy');
    expect((await cli('grant', '--context', name(), '--revoke', '--namespace', 'web')).stdout).toContain('deleted the access entry');
    expect((await cli('check', '--context', name())).code).toBe(1);
  });
});

describe('eks-sso grant --enable-access-entries', () => {
  it('is only offered by the plan; when asked, switches CONFIG_MAP to API_AND_CONFIG_MAP and grants through an access entry', async () => {
    const name = org.spec('legacy', 'ReadOnly', 'legacy').contextName;
    const offered = await cli('grant', '--context', name, '--dry-run');
    expect(offered.stdout).toContain('add --enable-access-entries');
    expect(offered.stdout).toContain('cannot be undone');
    expect(offered.stdout).toContain('[PUT configmaps/kube-system/aws-auth]');

    const switched = await cli('grant', '--context', name, '--enable-access-entries');
    expect(switched.code).toBe(0);
    expect(switched.stderr).toContain('cannot be undone');
    expect(switched.stdout).toContain('authentication mode API_AND_CONFIG_MAP');
    expect(switched.stdout).toContain('[eks:CreateAccessEntry]');
    expect(switched.stdout).toMatch(/Granted: .* is ok/);
    // aws-auth still works alongside: the admin mapped there keeps access.
    const admin = await cli('check', '--context', org.spec('legacy', 'AdministratorAccess', 'legacy').contextName);
    expect(admin.code).toBe(0);
  });
});
