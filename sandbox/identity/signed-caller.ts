// Who signed a SigV4 request: the signature is checked against the secret the portal issued,
// then the credentials must be neither revoked nor expired. Services turn the failure kind
// into their own error names.
import { SignatureError, verifySignature } from '../http/sigv4.js';
import type { SignedRequest, VerifiedSignature } from '../http/sigv4.js';
import type { SandboxClock } from '../runtime/clock.js';
import type { IssuedCredentials, SessionStore } from './sessions.js';
import { assumedRoleArn } from './role-names.js';
import type { CallerIdentity } from '../kube/contract.js';

export interface SignedCaller {
  credentials: IssuedCredentials;
  signature: VerifiedSignature;
}

export function authenticateSigned(request: SignedRequest, sessions: SessionStore, clock: SandboxClock, service?: string): SignedCaller {
  const now = clock.now();
  const signature = verifySignature(
    request,
    {
      secretFor(id) {
        const credentials = sessions.credentialsByAccessKey(id);
        if (!credentials || credentials.revoked) return undefined;
        return { secretAccessKey: credentials.secretAccessKey, sessionToken: credentials.sessionToken };
      },
    },
    now,
    service,
  );
  const credentials = sessions.credentialsByAccessKey(signature.accessKeyId);
  if (!credentials || credentials.revoked) throw new SignatureError('unknown-key', 'The security token included in the request is invalid.');
  if (credentials.expiresAt <= now) throw new SignatureError('expired-token', 'The security token included in the request is expired');
  return { credentials, signature };
}

export function callerIdentity(credentials: IssuedCredentials): CallerIdentity {
  const { role, user } = credentials;
  return { arn: assumedRoleArn(role.accountId, role.roleName, user), account: role.accountId, userId: `${role.roleId}:${user}` };
}
