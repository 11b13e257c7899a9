// One authenticated EKS request: who signed it (account and region come from the credentials
// and the signature scope), its decoded path, and helpers every operation needs.
import type { CallContext, IncomingCall } from '../http/service-server.js';
import { parseJsonObject } from '../http/protocols.js';
import { PageError, pageOf, pageSize } from '../http/pagination.js';
import { ServiceError } from '../runtime/service-error.js';
import type { SignedCaller } from '../identity/signed-caller.js';
import { callerIdentity } from '../identity/signed-caller.js';
import { actionAllowed } from '../identity/directory.js';
import type { ClusterState, EksState } from './cluster-state.js';
import { invalidParameter, notFound } from './eks-errors.js';

export class EksCall {
  readonly account: string;
  readonly region: string;
  readonly query: URLSearchParams;
  private parsedBody: Record<string, unknown> | undefined;

  constructor(
    readonly call: IncomingCall,
    readonly context: CallContext,
    readonly caller: SignedCaller,
    private readonly state: EksState,
  ) {
    this.account = caller.credentials.role.accountId;
    this.region = caller.signature.region;
    this.query = new URLSearchParams(call.rawQuery);
  }

  /** IAM: the permission set's allow-list decides; denial names the caller and resource like AWS. */
  authorize(action: string, resource: string): void {
    const allowList = this.caller.credentials.role.permissionSet?.actions ?? [];
    if (actionAllowed(allowList, `eks:${action}`)) return;
    const arn = callerIdentity(this.caller.credentials).arn;
    throw new ServiceError(403, 'AccessDeniedException', `User: ${arn} is not authorized to perform: eks:${action} on resource: ${resource}`);
  }

  clusterArn(name: string): string {
    return `arn:aws:eks:${this.region}:${this.account}:cluster/${name}`;
  }

  cluster(name: string): ClusterState {
    const cluster = this.state.cluster(this.account, this.region, name);
    if (!cluster) throw notFound(`No cluster found for name: ${name}.`, { clusterName: name });
    cluster.settle();
    return cluster;
  }

  body(): Record<string, unknown> {
    if (this.parsedBody) return this.parsedBody;
    const body = parseJsonObject(this.call.body);
    if (!body) throw new ServiceError(400, 'SerializationException', 'Start of structure or map found where not expected.');
    this.parsedBody = body;
    return body;
  }

  optionalString(name: string): string | undefined {
    const value = this.body()[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') throw new ServiceError(400, 'SerializationException', `STRING_VALUE can not be converted to a String for ${name}`);
    return value;
  }

  requiredString(name: string): string {
    const value = this.optionalString(name);
    if (value === undefined || value === '') throw invalidParameter(`${name} is required.`);
    return value;
  }

  optionalStringList(name: string): string[] | undefined {
    const value = this.body()[name];
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value) || !value.every((item): item is string => typeof item === 'string')) {
      throw new ServiceError(400, 'SerializationException', `Expected a list of strings for ${name}`);
    }
    return value;
  }

  page<T>(items: readonly T[], listing: string, fallback = 100): { page: T[]; nextToken?: string } {
    try {
      return pageOf(items, listing, this.query.get('nextToken') ?? undefined, pageSize(this.query.get('maxResults') ?? undefined, fallback));
    } catch (error) {
      if (error instanceof PageError) throw invalidParameter(error.message);
      throw error;
    }
  }
}
