// A sandbox organisation for the grant's refusals, one cluster per way a grant cannot go ahead.
// Everything is in one account and region so sign-in and discovery stay quick. Alice has three
// roles: AdministratorAccess (mapped or the cluster's creator), ReadOnly (may read EKS, mapped
// nowhere) and NoEks (may not even read EKS: grants for it are made by another role).
export const ERROR_SCENARIO = `
identityCenter:
  region: us-east-1
  startUrl: https://d-9066errors0.awsapps.com/start
users:
  - name: alice@example.com
accounts:
  - id: "666666666666"
    name: edge
    roles: [eks-node-group-role]
permissionSets:
  - name: AdministratorAccess
    actions: ["*"]
  - name: ReadOnly
    actions: ["eks:Describe*", "eks:List*"]
  - name: NoEks
    actions: []
assignments:
  - user: alice@example.com
    account: "666666666666"
    permissionSets: [AdministratorAccess, ReadOnly, NoEks]
clusters:
  # Kubernetes 1.28 needs platform eks.6 for access entries: aws-auth is the only way here.
  - name: old-platform
    account: "666666666666"
    region: us-east-1
    version: "1.28"
    platformVersion: eks.5
    authenticationMode: CONFIG_MAP
    kubernetes:
      awsAuth:
        mapRoles: |
          - rolearn: arn:aws:iam::{{account}}:role/eks-node-group-role
            username: system:node:{{EC2PrivateDNSName}}
            groups: [system:bootstrappers, system:nodes]
          - rolearn: {{role:AdministratorAccess}}
            username: admin
            groups: [system:masters]
  # Old as well, and none of alice's roles is mapped: no way in for her.
  - name: old-unmapped
    account: "666666666666"
    region: us-east-1
    version: "1.28"
    platformVersion: eks.5
    authenticationMode: CONFIG_MAP
  # Access entries would work, but none of alice's roles is mapped in aws-auth (only the nodes).
  - name: unmapped
    account: "666666666666"
    region: us-east-1
    version: "1.31"
    platformVersion: eks.3
    authenticationMode: CONFIG_MAP
  # No aws-auth ConfigMap at all; the admin role created the cluster, so it can look.
  - name: no-aws-auth
    account: "666666666666"
    region: us-east-1
    version: "1.31"
    platformVersion: eks.3
    authenticationMode: CONFIG_MAP
    creator: AdministratorAccess
    kubernetes:
      awsAuth: null
  # mapRoles does not parse (an unclosed flow list): nobody but the creator gets in.
  - name: broken-map-roles
    account: "666666666666"
    region: us-east-1
    version: "1.31"
    platformVersion: eks.3
    authenticationMode: CONFIG_MAP
    creator: AdministratorAccess
    kubernetes:
      namespaces: [web]
      awsAuth:
        mapRoles: |
          - rolearn: arn:aws:iam::{{account}}:role/eks-node-group-role
            username: system:node:{{EC2PrivateDNSName}}
            groups: [system:bootstrappers, system:nodes
          - rolearn: {{role:AdministratorAccess}}
            groups: [system:masters]
  # Plain CONFIG_MAP, new enough: for switching to access entries.
  - name: switchable
    account: "666666666666"
    region: us-east-1
    version: "1.31"
    platformVersion: eks.3
    authenticationMode: CONFIG_MAP
  # Access entries; the admin role is cluster admin, so it can see which namespaces exist.
  - name: entries
    account: "666666666666"
    region: us-east-1
    version: "1.31"
    platformVersion: eks.3
    authenticationMode: API
    accessEntries:
      - permissionSet: AdministratorAccess
        policies: [{ policy: AmazonEKSClusterAdminPolicy, scope: cluster }]
    kubernetes:
      namespaces: [web]
`;
