// SDK clients signed with one role's credentials, pointed where the environment says
// (AWS_ENDPOINT_URL_<SERVICE>, then AWS_ENDPOINT_URL): the real AWS or the sandbox, through
// the same code. context.env is passed explicitly because the app and the tests do not always
// run with process.env.
import { EKSClient } from '@aws-sdk/client-eks';
import { IAMClient } from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';
import type { Environment, RoleCredentials } from '../context.js';
import { partitionForRegion } from '../arn/sso-role-arn.js';
import { endpointFor } from './endpoints.js';

export { endpointFor } from './endpoints.js';

function credentialsOf(credentials: RoleCredentials) {
  return {
    accessKeyId: credentials.accessKeyId,
    secretAccessKey: credentials.secretAccessKey,
    sessionToken: credentials.sessionToken,
    expiration: new Date(credentials.expiration),
  };
}

export function eksClient(env: Environment, credentials: RoleCredentials, region: string): EKSClient {
  const endpoint = endpointFor(env, 'EKS');
  return new EKSClient({ region, credentials: credentialsOf(credentials), ...(endpoint ? { endpoint } : {}), maxAttempts: 3 });
}

/** IAM is global: its signing region is the partition's home region. */
export function iamClient(env: Environment, credentials: RoleCredentials, anyRegion: string): IAMClient {
  const endpoint = endpointFor(env, 'IAM');
  const partition = partitionForRegion(anyRegion);
  const region = partition === 'aws-cn' ? 'cn-north-1' : partition === 'aws-us-gov' ? 'us-gov-west-1' : 'us-east-1';
  return new IAMClient({ region, credentials: credentialsOf(credentials), ...(endpoint ? { endpoint } : {}), maxAttempts: 3 });
}

export function stsClient(env: Environment, credentials: RoleCredentials, region: string): STSClient {
  const endpoint = endpointFor(env, 'STS');
  return new STSClient({ region, credentials: credentialsOf(credentials), ...(endpoint ? { endpoint } : {}), maxAttempts: 3 });
}

/** AWS SDK errors carry the modelled exception name; IAM denials come back as AccessDenied(Exception). */
export function awsErrorName(error: unknown): string {
  return error instanceof Error ? error.name : '';
}

export function isAccessDenied(error: unknown): boolean {
  const name = awsErrorName(error);
  return name === 'AccessDeniedException' || name === 'AccessDenied' || name === 'UnauthorizedOperation' || name === 'UnauthorizedException';
}
