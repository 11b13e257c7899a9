// An in-memory kubeconfig for one endpoint and one bearer token (minted in-process, so no exec
// plugin and no child process per check), with every request tied to an AbortSignal and every
// connection closed afterwards: checks run by the hundred and must not leave sockets behind.
import { ApiException, KubeConfig } from '@kubernetes/client-node';
import type { RequestContext } from '@kubernetes/client-node';

type Dispatcher = NonNullable<ReturnType<RequestContext['getDispatcher']>>;

class SignalledKubeConfig extends KubeConfig {
  readonly dispatchers: Dispatcher[] = [];
  constructor(private readonly signal: AbortSignal) {
    super();
  }
  override async applySecurityAuthentication(context: RequestContext): Promise<void> {
    await super.applySecurityAuthentication(context);
    context.setSignal(this.signal);
    // client-node builds a new connection pool for every request; keep the first one so the
    // session's requests share its kept-alive TLS connections instead of a handshake each.
    const dispatcher = context.getDispatcher();
    if (!dispatcher) return;
    const first = this.dispatchers[0];
    if (first) {
      context.setDispatcher(first);
      void dispatcher.destroy();
    } else {
      this.dispatchers.push(dispatcher);
    }
  }
}

export interface KubeTarget {
  endpoint: string;
  certificateAuthorityData: string;
  /** The EKS bearer token (k8s-aws-v1.…). Secret: lives only in this object. */
  token: string;
}

export interface KubeSession {
  config: KubeConfig;
  /** Closes every connection the session opened. */
  close(): Promise<void>;
}

export function openKubeSession(target: KubeTarget, signal: AbortSignal): KubeSession {
  const config = new SignalledKubeConfig(signal);
  config.loadFromOptions({
    clusters: [{ name: 'cluster', server: target.endpoint, caData: target.certificateAuthorityData, skipTLSVerify: false }],
    users: [{ name: 'user', token: target.token }],
    contexts: [{ name: 'context', cluster: 'cluster', user: 'user' }],
    currentContext: 'context',
  });
  return {
    config,
    async close() {
      await Promise.allSettled(config.dispatchers.map((dispatcher) => dispatcher.destroy()));
    },
  };
}

/** The HTTP status of a failed client-node call, or undefined for network-level failures. */
export function httpStatusOf(error: unknown): number | undefined {
  return error instanceof ApiException ? error.code : undefined;
}

/** The Kubernetes Status message of a failed call, when the server sent one. */
export function statusMessageOf(error: unknown): string {
  if (!(error instanceof ApiException)) return error instanceof Error ? error.message : String(error);
  const body: unknown = error.body;
  if (typeof body === 'string') {
    try {
      const parsed: unknown = JSON.parse(body);
      if (typeof parsed === 'object' && parsed !== null && 'message' in parsed && typeof parsed.message === 'string') return parsed.message;
    } catch {
      return body.slice(0, 300);
    }
    return body.slice(0, 300);
  }
  if (typeof body === 'object' && body !== null && 'message' in body && typeof body.message === 'string') return body.message;
  return `HTTP ${error.code}`;
}
