// A sandbox organisation for grant tests. Identity Center lives in us-east-1 (so SSO role ARNs
// have no region segment); "legacy" is a CONFIG_MAP cluster whose aws-auth has node roles and
// odd but valid formatting that a grant must leave exactly as it was.
export const LEGACY_MAP_ROLES = `# managed by hand since 2019
- rolearn: arn:aws:iam::{{account}}:role/eks-node-group-role
  username: system:node:{{EC2PrivateDNSName}}
  groups:
    - system:bootstrappers
    - system:nodes
-   rolearn: "{{role:AdministratorAccess}}"
    username: 'admin:{{SessionName}}'
    groups: [ system:masters ]
- {rolearn: "arn:aws:iam::{{account}}:role/ci-deployer", username: ci, groups: []}
`;

export const GRANT_SCENARIO = `
identityCenter:
  region: us-east-1
  startUrl: https://d-9066grant00.awsapps.com/start
users:
  - name: alice@example.com
  - name: bob@example.com
accounts:
  - id: "444444444444"
    name: legacy
    roles: [eks-node-group-role, ci-deployer]
  - id: "555555555555"
    name: modern
permissionSets:
  - name: AdministratorAccess
    actions: ["*"]
  - name: ReadOnly
    actions: ["eks:Describe*", "eks:List*"]
  - name: Developer
    actions: ["eks:Describe*", "eks:List*"]
assignments:
  - user: alice@example.com
    accounts: ["444444444444", "555555555555"]
    permissionSet: AdministratorAccess
  - user: alice@example.com
    accounts: ["444444444444", "555555555555"]
    permissionSet: ReadOnly
  - user: alice@example.com
    account: "444444444444"
    permissionSet: Developer
  - user: bob@example.com
    account: "555555555555"
    permissionSet: ReadOnly
clusters:
  - name: legacy
    account: "444444444444"
    region: us-east-1
    version: "1.29"
    platformVersion: eks.25
    authenticationMode: CONFIG_MAP
    kubernetes:
      namespaces: [billing]
      pods:
        - { name: billing-0, namespace: billing }
      awsAuth:
        mapRoles: |
${LEGACY_MAP_ROLES.split('\n')
  .map((line) => (line ? `          ${line}` : line))
  .join('\n')}
  - name: modern
    account: "555555555555"
    region: eu-central-1
    version: "1.33"
    platformVersion: eks.3
    authenticationMode: API
    kubernetes:
      namespaces: [web, jobs]
      pods:
        - { name: web-1, namespace: web }
        - { name: job-1, namespace: jobs }
`;
