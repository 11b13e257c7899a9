// The web mode's bridge: operations are POSTs to /api/call/<name>, state arrives over
// Server-Sent Events. The per-run token came in the page URL; the server answered with a
// same-site cookie, so the token is taken out of the address bar and sent as a header too.
import type { Bridge, CallResult, OperationInput, OperationName, OperationOutput, StateSnapshot } from '../../../main/contract.js';
import { fromWire, type WireSnapshot } from '../../../main/web/wire.js';
import { BridgeError } from './errors.js';

const TOKEN_HEADER = 'x-eks-sso-token';

export function createWebBridge(location: Location, history: History): Bridge {
  const url = new URL(location.href);
  const token = url.searchParams.get('token');
  if (token) {
    url.searchParams.delete('token');
    history.replaceState(null, '', url.pathname + url.search + url.hash);
  }

  async function post<Name extends OperationName>(name: Name, input: OperationInput<Name>): Promise<OperationOutput<Name>> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (token) headers[TOKEN_HEADER] = token;
    let response: Response;
    try {
      response = await fetch(`api/call/${name}`, { method: 'POST', headers, body: JSON.stringify(input ?? {}), credentials: 'same-origin' });
    } catch {
      throw new BridgeError({ code: 'network', message: 'the dashboard lost its connection to eks-sso', hint: 'Check that `eks-sso ui` is still running', retryable: true });
    }
    if (response.status === 401 || response.status === 403) {
      throw new BridgeError({ code: 'access-denied', message: 'this page is not allowed to talk to eks-sso', hint: 'Open the link `eks-sso ui` printed', retryable: false });
    }
    const result = (await response.json()) as CallResult<Name>;
    if (!result.ok) throw new BridgeError(result.error);
    return result.value;
  }

  const listeners = new Set<(state: StateSnapshot) => void>();
  let latest: StateSnapshot | null = null;
  let connecting = false;
  function publish(state: StateSnapshot): void {
    latest = state;
    for (const listener of listeners) listener(state);
  }
  /** The first snapshot, fetched early by the page's preload (the Link header of index.html); null if that failed. */
  async function firstSnapshot(): Promise<string | null> {
    try {
      const response = await fetch('api/state', { credentials: 'same-origin' });
      if (!response.ok) return null;
      const id = response.headers.get('x-state-id');
      publish(fromWire((await response.json()) as WireSnapshot));
      return id;
    } catch {
      return null;
    }
  }
  function connect(): void {
    if (connecting) return;
    connecting = true;
    void firstSnapshot().then((id) => {
      // The stream sends the snapshot again only if it changed since; later reconnections say
      // which one they hold through Last-Event-ID, as EventSource does.
      const source = new EventSource(id === null ? 'api/events' : `api/events?after=${encodeURIComponent(id)}`, { withCredentials: true });
      source.addEventListener('state', (event) => publish(fromWire(JSON.parse((event as MessageEvent<string>).data) as WireSnapshot)));
    });
  }

  const call =
    <Name extends OperationName>(name: Name) =>
    (input: OperationInput<Name>) =>
      post(name, input);

  return {
    signIn: call('signIn'),
    cancelSignIn: call('cancelSignIn'),
    reopenBrowser: call('reopenBrowser'),
    signOut: call('signOut'),
    refresh: call('refresh'),
    useContext: call('useContext'),
    toggleFavourite: call('toggleFavourite'),
    planGrant: call('planGrant'),
    applyGrant: call('applyGrant'),
    revokeGrant: call('revokeGrant'),
    enableAccessEntries: call('enableAccessEntries'),
    recheck: call('recheck'),
    getSettings: call('getSettings'),
    saveSettings: call('saveSettings'),
    exportProfiles: call('exportProfiles'),
    onState(callback) {
      listeners.add(callback);
      connect();
      if (latest) callback(latest);
      return () => listeners.delete(callback);
    },
  };
}
