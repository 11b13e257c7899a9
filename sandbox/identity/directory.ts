// The organisation as Identity Center and IAM see it: users, accounts, permission sets, who is
// assigned what, and which IAM roles exist in each account. Built once from the scenario;
// lookups are by map so a 1,000-account organisation answers as fast as a 3-account one.
import type { AccountSpec, PermissionSetSpec, Scenario, UserSpec } from '../scenario/schema.js';
import { iamRoleArn, ssoRoleName, ssoRolePath, uniqueId } from './role-names.js';

export interface IamRole {
  accountId: string;
  roleName: string;
  path: string;
  /** Full IAM ARN, path included. */
  arn: string;
  roleId: string;
  /** Set for roles Identity Center provisioned for a permission set. */
  permissionSet?: PermissionSetSpec;
  createDate: Date;
}

export class Directory {
  readonly users = new Map<string, UserSpec>();
  readonly accounts = new Map<string, AccountSpec>();
  readonly accountOrder: AccountSpec[];
  readonly permissionSets = new Map<string, PermissionSetSpec>();
  /** user → account id → the roles of the permission sets assigned there, in scenario order. */
  private readonly assigned = new Map<string, Map<string, IamRole[]>>();
  /** lower-cased full ARN → role. */
  private readonly rolesByArn = new Map<string, IamRole>();
  /** account id → role name → role. */
  private readonly rolesByName = new Map<string, Map<string, IamRole>>();

  constructor(readonly scenario: Scenario) {
    const { startUrl, region } = scenario.identityCenter;
    for (const user of scenario.users) this.users.set(user.name, user);
    for (const account of scenario.accounts) this.accounts.set(account.id, account);
    this.accountOrder = scenario.accounts;
    for (const set of scenario.permissionSets) this.permissionSets.set(set.name, set);
    const created = new Date(Date.UTC(2024, 0, 15, 9, 30, 0));

    for (const { user, account, permissionSet } of scenario.assignments) {
      const roleName = ssoRoleName(startUrl, permissionSet, account);
      let role = this.rolesByName.get(account)?.get(roleName);
      if (!role) role = this.addRole({ accountId: account, roleName, path: ssoRolePath(region), permissionSet: this.permissionSets.get(permissionSet), createDate: created });
      let byAccount = this.assigned.get(user);
      if (!byAccount) this.assigned.set(user, (byAccount = new Map()));
      const roles = byAccount.get(account) ?? [];
      if (!roles.includes(role)) roles.push(role);
      byAccount.set(account, roles);
    }
    for (const account of scenario.accounts) {
      for (const role of account.roles) this.addRole({ accountId: account.id, roleName: role.name, path: role.path, createDate: created });
    }
  }

  private addRole(role: Omit<IamRole, 'arn' | 'roleId'>): IamRole {
    const arn = iamRoleArn(role.accountId, role.path, role.roleName);
    const full: IamRole = { ...role, arn, roleId: uniqueId('AROA', arn) };
    this.rolesByArn.set(arn.toLowerCase(), full);
    let byName = this.rolesByName.get(role.accountId);
    if (!byName) this.rolesByName.set(role.accountId, (byName = new Map()));
    byName.set(role.roleName, full);
    return full;
  }

  /** Accounts the user has at least one assignment in, in scenario order. */
  accountsOf(user: string): AccountSpec[] {
    const byAccount = this.assigned.get(user);
    if (!byAccount) return [];
    return this.accountOrder.filter((account) => byAccount.has(account.id));
  }

  /** The SSO roles the user can use in an account. */
  rolesOf(user: string, accountId: string): IamRole[] {
    return this.assigned.get(user)?.get(accountId) ?? [];
  }

  roleByName(accountId: string, roleName: string): IamRole | undefined {
    return this.rolesByName.get(accountId)?.get(roleName);
  }

  /** IAM resolves role ARNs case-sensitively on the name but EKS compares case-insensitively. */
  roleByArn(arn: string): IamRole | undefined {
    return this.rolesByArn.get(arn.toLowerCase());
  }

  /** The permission set's role in an account (provisioned or not: scenario entries may name it first). */
  permissionSetRoleArn(permissionSet: string, accountId: string): string {
    const { startUrl, region } = this.scenario.identityCenter;
    return iamRoleArn(accountId, ssoRolePath(region), ssoRoleName(startUrl, permissionSet, accountId));
  }
}

/** IAM-style action matching: "eks:*", "eks:Describe*", "*"; case-insensitive like IAM. */
export function actionAllowed(allowList: readonly string[], action: string): boolean {
  const wanted = action.toLowerCase();
  return allowList.some((pattern) => {
    const lower = pattern.toLowerCase();
    if (!lower.includes('*')) return lower === wanted;
    const expression = new RegExp(`^${lower.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
    return expression.test(wanted);
  });
}
