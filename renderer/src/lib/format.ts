// Words and times as the dashboard shows them.
import type { CheckFacts, CheckStatus, SessionView } from '../../../main/contract.js';

export function timeLeft(ms: number): string {
  if (ms <= 0) return 'expired';
  const totalMinutes = Math.floor(ms / 60_000);
  if (totalMinutes < 1) return `${Math.ceil(ms / 1000)} s left`;
  const hours = Math.floor(totalMinutes / 60);
  const minutes = totalMinutes % 60;
  if (hours >= 24) return `${Math.floor(hours / 24)} d ${hours % 24} h left`;
  return hours > 0 ? `${hours} h ${minutes} min left` : `${minutes} min left`;
}

// toLocaleTimeString builds a formatter per call; tooltips on every visible row need one shared.
const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

export function clockTime(epochMs: number): string {
  return timeFormat.format(epochMs);
}

/** When the session can no longer be extended; null while refreshes carry it on (then nothing to warn about). */
export function sessionEnd(session: SessionView): number | null {
  if (session.sessionEndsAt !== null) return session.sessionEndsAt;
  return session.status === 'expired' ? session.expiresAt : null;
}

/** What a check found besides its verdict, one line each, for the badge's tooltip. */
export function checkFactLines(facts: CheckFacts): string[] {
  const lines: string[] = [];
  if (facts.nodes !== undefined || facts.readyNodes !== undefined) {
    const total = facts.nodes !== undefined ? `${facts.nodes} node${facts.nodes === 1 ? '' : 's'}` : `more than ${facts.readyOfFirst ?? 0} nodes`;
    const ready = facts.readyNodes === undefined ? '' : facts.readyOfFirst !== undefined ? `, ${facts.readyNodes} Ready of the first ${facts.readyOfFirst}` : `, ${facts.readyNodes} Ready`;
    lines.push(`Nodes: ${total}${ready}`);
  }
  if (facts.serverVersion) lines.push(`Kubernetes ${facts.serverVersion}`);
  if (facts.namespaces) lines.push(facts.namespaces.length > 0 ? `Usable namespaces: ${facts.namespaces.join(', ')}` : 'No usable namespace known');
  if (facts.privateOnly) lines.push('Private endpoint: reachable only from inside the VPC or over VPN');
  if (facts.latencyMs !== undefined) lines.push(`Checked in ${facts.latencyMs} ms`);
  return lines;
}

export const STATUS_LABELS: Record<CheckStatus, string> = {
  pending: 'not checked',
  checking: 'checking',
  ok: 'ok',
  unauthorized: 'unauthorized',
  forbidden: 'forbidden',
  unreachable: 'unreachable',
  tls: 'TLS problem',
  'not-active': 'not active',
  'signed-out': 'signed out',
  error: 'error',
};

export const PHASE_LABELS = {
  idle: 'Up to date',
  accounts: 'Listing accounts and roles',
  clusters: 'Discovering clusters',
  kubeconfig: 'Writing the kubeconfig',
  checks: 'Checking reachability',
} as const;
