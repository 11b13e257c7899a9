// Bearer token → Kubernetes user. The expensive part (STS replaying the presigned URL) is
// cached per token the way kube-apiserver caches its token webhook's answers: for
// --authentication-token-webhook-cache-ttl (2 minutes by default), and never past the token's
// own expiry. The mapping to a user is redone on every request so access entry and aws-auth
// changes take effect at once.
import type { CallerIdentity, ClusterControlPlane } from './contract.js';
import type { AwsAuthMappings } from './aws-auth.js';
import type { KubeUser } from './identity.js';
import { mapCallerToUser } from './identity.js';
import { parsePresignedToken, TokenRejected } from './token.js';
import type { PresignedToken } from './token.js';

interface Verified {
  caller: CallerIdentity;
  accessKeyId: string;
  /** When this cache entry stops counting (sandbox clock, epoch ms). */
  expiresAt: number;
}

/** kube-apiserver's default --authentication-token-webhook-cache-ttl. */
export const WEBHOOK_TOKEN_CACHE_TTL_MS = 2 * 60 * 1000;

/**
 * When STS throttles, aws-iam-authenticator answers the API server's TokenReview with 429; the
 * API server retries its webhook on 429 (webhook.DefaultShouldRetry) with
 * DefaultRetryBackoffWithInitialDelay(500 ms): five tries, each wait 1.5 times the last
 * (its 20 % jitter left out). When the last try is throttled too, the authentication error
 * reaches the client as a plain 401, like any other failed authentication, and is not cached.
 */
const WEBHOOK_RETRY_DELAYS_MS = [500, 750, 1125, 1688];

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Bounded so a flood of distinct tokens cannot grow memory without limit. */
const MAX_CACHED_TOKENS = 10_000;

export type AuthenticationResult = { ok: true; user: KubeUser } | { ok: false; reason: string };

export class TokenAuthenticator {
  private readonly verified = new Map<string, Verified>();
  private readonly pending = new Map<string, Promise<Verified>>();

  constructor(
    private readonly controlPlane: ClusterControlPlane,
    private readonly awsAuth: () => AwsAuthMappings,
  ) {}

  async authenticate(token: string): Promise<AuthenticationResult> {
    let verified: Verified;
    try {
      verified = await this.verify(token);
    } catch (error) {
      return { ok: false, reason: error instanceof Error ? error.message : String(error) };
    }
    const user = mapCallerToUser(verified.caller, verified.accessKeyId, {
      mode: this.controlPlane.authenticationMode(),
      accessEntries: this.controlPlane.accessEntries(),
      awsAuth: this.awsAuth,
      creatorArn: this.controlPlane.clusterCreatorArn?.(),
    });
    if (!user) return { ok: false, reason: `ARN is not mapped: ${verified.caller.arn}` };
    return { ok: true, user: { ...user, groups: [...new Set([...user.groups, 'system:authenticated'])] } };
  }

  private async verify(token: string): Promise<Verified> {
    const now = this.controlPlane.now();
    const cached = this.verified.get(token);
    if (cached && cached.expiresAt >= now) return cached;
    if (cached) this.verified.delete(token);

    const parsed = parsePresignedToken(token, {
      clusterRegion: this.controlPlane.region,
      now,
      isSandboxStsHost: (host) => this.controlPlane.isSandboxStsHost(host),
    });
    // Concurrent first requests with the same token share one STS call.
    let inFlight = this.pending.get(token);
    if (!inFlight) {
      inFlight = this.askSts(parsed)
        .then((caller) => ({
          caller,
          accessKeyId: parsed.accessKeyId,
          expiresAt: Math.min(parsed.expiresAt, this.controlPlane.now() + WEBHOOK_TOKEN_CACHE_TTL_MS),
        }))
        .finally(() => this.pending.delete(token));
      this.pending.set(token, inFlight);
    }
    const result = await inFlight;
    if (this.verified.size >= MAX_CACHED_TOKENS) this.evictExpired(now);
    if (this.verified.size < MAX_CACHED_TOKENS) this.verified.set(token, result);
    return result;
  }

  private async askSts(parsed: PresignedToken): Promise<CallerIdentity> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.controlPlane.verifyPresignedGetCallerIdentity(parsed.url, { 'x-k8s-aws-id': this.controlPlane.name });
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        // The authenticator knows throttling only by "Throttling" in STS's answer (token.go Verify).
        if (!message.includes('Throttling')) throw new TokenRejected(`sts getCallerIdentity failed: ${message}`);
        const delay = WEBHOOK_RETRY_DELAYS_MS[attempt];
        if (delay === undefined) throw new TokenRejected(`sts getCallerIdentity was throttled: ${message}`);
        await sleep(delay);
      }
    }
  }

  private evictExpired(now: number): void {
    for (const [token, entry] of this.verified) if (entry.expiresAt < now) this.verified.delete(token);
    // Still full: drop the oldest half (Map keeps insertion order).
    if (this.verified.size >= MAX_CACHED_TOKENS) {
      let remove = Math.floor(this.verified.size / 2);
      for (const token of this.verified.keys()) {
        if (remove-- <= 0) break;
        this.verified.delete(token);
      }
    }
  }
}
