// One cluster's Kubernetes API: authentication, authorisation, discovery, the resources and
// the review endpoints, over plain Node request/response objects (TLS is server.ts's job).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ClusterControlPlane } from './contract.js';
import type { AwsAuthMappings } from './aws-auth.js';
import { parseAwsAuth } from './aws-auth.js';
import { TokenAuthenticator } from './authenticator.js';
import { forbiddenMessage, isAllowed } from './authorizer.js';
import { AGGREGATED_CONTENT_TYPE, aggregatedDiscovery, apiGroup, coreVersions, groupList, resourceList, wantsAggregated } from './discovery.js';
import { openApiV3Document, openApiV3Root } from './openapi.js';
import { applyPatch, patchTypeOf } from './patch.js';
import { asObject, parseJson, readBody, readObjectBody } from './request-body.js';
import type { RequestInfo, ResourceRequestInfo } from './request-info.js';
import { requestInfo } from './request-info.js';
import { findResourceType } from './resources.js';
import type { ResourceType } from './resources.js';
import { selfSubjectAccessReview, selfSubjectReview, selfSubjectRulesReview } from './reviews.js';
import type { ReviewUser } from './reviews.js';
import { schedulePod } from './scheduler.js';
import { selectorFilter } from './selectors.js';
import { validateObject } from './validation.js';
import type { KubeObject, ObjectMeta } from './store.js';
import { ObjectStore } from './store.js';
import { KubeError, badRequest, methodNotAllowed, notFound, pathNotFound, success, unauthorized } from './status.js';
import type { IncludeObject } from './table.js';
import { toTable, wantsTable } from './table.js';

/** /livez, /readyz, /healthz and their per-check sub-paths (/livez/ping…). */
const HEALTH_PATH = /^\/(livez|readyz|healthz)(\/[^/]+)?\/?$/;
const PROTECTED_NAMESPACES = new Set(['default', 'kube-system', 'kube-public']);

const ANONYMOUS: ReviewUser = { username: 'system:anonymous', uid: '', groups: ['system:unauthenticated'], extra: {}, policies: [] };

export interface ApiStats {
  requests: Record<string, number>;
  statuses: Record<string, number>;
}

interface Reply {
  status: number;
  body: unknown;
  contentType?: string;
}

function minorOf(version: string): number {
  return Number(version.split('.')[1] ?? '0');
}

/** A stable fake build id per version, like EKS's "v1.33.1-eks-7308294". */
function gitVersionOf(kubernetesVersion: string): string {
  let hash = 0;
  for (const character of kubernetesVersion) hash = (hash * 31 + character.charCodeAt(0)) >>> 0;
  return `v${kubernetesVersion}.1-eks-${hash.toString(16).padStart(7, '0').slice(0, 7)}`;
}

/** "/api/v1/namespaces/{namespace}/pods/{name}"-style keys for the request counts. */
function pathTemplate(info: RequestInfo, pathname: string): string {
  if (info.kind === 'path') return pathname;
  const prefix = info.apiGroup ? `/apis/${info.apiGroup}/${info.apiVersion}` : `/api/${info.apiVersion}`;
  const namespace = info.namespace && info.resource !== 'namespaces' ? '/namespaces/{namespace}' : '';
  return `${prefix}${namespace}/${info.resource}${info.name ? '/{name}' : ''}${info.subresource ? `/${info.subresource}` : ''}`;
}

function randomSuffix(): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  let out = '';
  for (let index = 0; index < 5; index++) out += alphabet[Math.floor(Math.random() * alphabet.length)];
  return out;
}

export class KubeApi {
  readonly store: ObjectStore;
  private readonly authenticator: TokenAuthenticator;
  private awsAuthCache: { version: string | undefined; mappings: AwsAuthMappings } | undefined;
  private readonly requestCounts: Record<string, number> = {};
  private readonly statusCounts: Record<string, number> = {};

  constructor(
    private readonly controlPlane: ClusterControlPlane,
    private readonly serverAddress: () => string,
  ) {
    this.store = new ObjectStore(() => controlPlane.now());
    this.authenticator = new TokenAuthenticator(controlPlane, () => this.awsAuthMappings());
  }

  stats(): ApiStats {
    return { requests: { ...this.requestCounts }, statuses: { ...this.statusCounts } };
  }

  /** aws-auth as the authenticator sees it, re-parsed only when the ConfigMap changes. */
  awsAuthMappings(): AwsAuthMappings {
    const configMap = this.store.get(this.type('', 'configmaps'), 'kube-system', 'aws-auth');
    const version = configMap?.metadata.resourceVersion;
    if (!this.awsAuthCache || this.awsAuthCache.version !== version) {
      this.awsAuthCache = { version, mappings: parseAwsAuth(configMap?.data as Record<string, unknown> | undefined) };
    }
    return this.awsAuthCache.mappings;
  }

  private type(group: string, name: string): ResourceType {
    const type = findResourceType(group, 'v1', name);
    if (!type) throw new Error(`unknown resource ${name}`);
    return type;
  }

  async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'https://127.0.0.1');
    const method = request.method ?? 'GET';
    let info: RequestInfo | undefined;
    let reply: Reply;
    try {
      info = requestInfo(method, url.pathname, url.searchParams);
      reply = await this.serve(request, url, info);
    } catch (error) {
      if (error instanceof KubeError) reply = { status: error.code, body: error.toStatus() };
      else {
        const message = error instanceof Error ? error.message : String(error);
        reply = { status: 500, body: new KubeError(500, 'InternalError', `Internal error occurred: ${message}`).toStatus() };
      }
    }
    const template = `${method} ${info ? pathTemplate(info, url.pathname) : url.pathname}`;
    this.requestCounts[template] = (this.requestCounts[template] ?? 0) + 1;
    this.statusCounts[String(reply.status)] = (this.statusCounts[String(reply.status)] ?? 0) + 1;

    const isText = typeof reply.body === 'string';
    const payload = isText ? (reply.body as string) : JSON.stringify(reply.body);
    response.writeHead(reply.status, {
      'Content-Type': reply.contentType ?? (isText ? 'text/plain; charset=utf-8' : 'application/json'),
      'Content-Length': Buffer.byteLength(payload),
      'Cache-Control': 'no-cache, private',
      'X-Content-Type-Options': 'nosniff',
    });
    response.end(method === 'HEAD' ? undefined : payload);
  }

  private async authenticate(request: IncomingMessage): Promise<ReviewUser | null> {
    const header = request.headers.authorization;
    if (header === undefined) return null;
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) throw unauthorized();
    const result = await this.authenticator.authenticate(match[1]!);
    if (!result.ok) throw unauthorized();
    return result.user;
  }

  private async serve(request: IncomingMessage, url: URL, info: RequestInfo): Promise<Reply> {
    const authenticated = await this.authenticate(request);
    // Health endpoints answer anyone, with or without credentials (a bad token is still 401 above).
    if (info.kind === 'path' && HEALTH_PATH.test(info.path) && (info.verb === 'get' || info.verb === 'head')) {
      return { status: 200, body: 'ok' };
    }
    if (!authenticated && minorOf(this.controlPlane.kubernetesVersion) >= 32) {
      // EKS 1.32+ allows anonymous requests to the health endpoints only.
      throw unauthorized();
    }
    const user = this.impersonate(request, authenticated ?? ANONYMOUS);
    if (!isAllowed(this.store, user, info)) {
      const details = info.kind === 'resource' ? { ...(info.name && { name: info.name }), group: info.apiGroup, kind: info.resource } : undefined;
      throw new KubeError(403, 'Forbidden', forbiddenMessage(user.username, info), details);
    }
    return info.kind === 'path' ? this.servePath(request, info.path) : this.serveResource(request, url, info, user);
  }

  /**
   * `kubectl --as/--as-group`: the caller needs the impersonate verb on users and groups, and
   * then acts with the impersonated identity alone. EKS access policies do not apply to an
   * impersonated user (EKS documents this), so only stored RBAC counts for it.
   */
  private impersonate(request: IncomingMessage, user: ReviewUser): ReviewUser {
    const target = request.headers['impersonate-user'];
    const rawGroups = request.headers['impersonate-group'];
    const groups = rawGroups === undefined ? [] : Array.isArray(rawGroups) ? rawGroups : [rawGroups];
    if (target === undefined) {
      if (groups.length > 0) throw badRequest(`requested ${groups.map((group) => `{Group ${group}}`).join(' ')} without impersonating a user`);
      return user;
    }
    const username = Array.isArray(target) ? (target[0] ?? '') : target;
    const checks = [{ resource: 'users', name: username }, ...groups.map((group) => ({ resource: 'groups', name: group }))];
    for (const check of checks) {
      const attributes = { kind: 'resource' as const, verb: 'impersonate', apiGroup: '', resource: check.resource, subresource: '', namespace: '', name: check.name };
      if (!isAllowed(this.store, user, attributes)) throw new KubeError(403, 'Forbidden', forbiddenMessage(user.username, attributes), { name: check.name, group: '', kind: check.resource });
    }
    return { username, uid: '', groups: [...new Set([...groups, 'system:authenticated'])], extra: {}, policies: [] };
  }

  private servePath(request: IncomingMessage, path: string): Reply {
    if (request.method !== 'GET' && request.method !== 'HEAD') throw methodNotAllowed();
    const accept = request.headers.accept;
    const trimmed = path.replace(/\/+$/, '') || '/';
    if (trimmed === '/version') {
      const minor = this.controlPlane.kubernetesVersion.split('.')[1] ?? '0';
      return {
        status: 200,
        body: {
          major: '1',
          minor: `${minor}+`,
          gitVersion: gitVersionOf(this.controlPlane.kubernetesVersion),
          gitCommit: 'd2eb0da1d6fa5f2d4e1f96c1d3f2b3bcd1b1c1e2',
          gitTreeState: 'clean',
          buildDate: '2025-06-01T00:00:00Z',
          goVersion: 'go1.24.4',
          compiler: 'gc',
          platform: 'linux/amd64',
        },
      };
    }
    if (trimmed === '/api') {
      if (wantsAggregated(accept)) return { status: 200, body: aggregatedDiscovery(true), contentType: AGGREGATED_CONTENT_TYPE };
      return { status: 200, body: coreVersions(this.serverAddress()) };
    }
    if (trimmed === '/apis') {
      if (wantsAggregated(accept)) return { status: 200, body: aggregatedDiscovery(false), contentType: AGGREGATED_CONTENT_TYPE };
      return { status: 200, body: groupList() };
    }
    if (trimmed === '/api/v1') return { status: 200, body: resourceList('v1') };
    if (trimmed === '/openapi/v3') return { status: 200, body: openApiV3Root() };
    const openApiDocument = trimmed.startsWith('/openapi/v3/') ? openApiV3Document(trimmed) : undefined;
    if (openApiDocument) return { status: 200, body: openApiDocument };
    const groupMatch = /^\/apis\/([^/]+)(?:\/([^/]+))?$/.exec(trimmed);
    if (groupMatch) {
      const body = groupMatch[2] ? resourceList(`${groupMatch[1]}/${groupMatch[2]}`) : apiGroup(groupMatch[1]!);
      if (body) return { status: 200, body };
    }
    throw pathNotFound();
  }

  private async serveResource(request: IncomingMessage, url: URL, info: ResourceRequestInfo, user: ReviewUser): Promise<Reply> {
    const type = findResourceType(info.apiGroup, info.apiVersion, info.resource);
    if (!type || (!type.namespaced && info.namespace !== '' && info.resource !== 'namespaces')) throw pathNotFound();
    const now = this.controlPlane.now();
    if (type.createOnly) {
      if (info.verb !== 'create' || info.name !== '') throw methodNotAllowed();
      const body = await readObjectBody(request);
      if (type.name === 'selfsubjectreviews') return { status: 201, body: selfSubjectReview(user, now) };
      if (type.name === 'selfsubjectaccessreviews') return { status: 201, body: selfSubjectAccessReview(this.store, user, body) };
      return { status: 201, body: selfSubjectRulesReview(this.store, user, body) };
    }
    const namespace = type.namespaced ? info.namespace : undefined;
    const dryRun = url.searchParams.getAll('dryRun').includes('All');
    if (info.subresource) return this.serveSubresource(type, info, namespace);

    switch (info.verb) {
      case 'get': {
        const object = this.store.get(type, namespace, info.name);
        if (!object) throw notFound(type.name, type.group, info.name);
        return this.respondObjects(request, url, type, [object], false);
      }
      case 'list': {
        const filter = selectorFilter(url.searchParams.get('labelSelector'), url.searchParams.get('fieldSelector'));
        const items = this.store.list(type, namespace || undefined).filter(filter);
        return this.respondObjects(request, url, type, items, true);
      }
      case 'watch':
        throw methodNotAllowed('watch is not served by this sandbox cluster');
      case 'create': {
        const object = asObject(await readObjectBody(request), 'the object');
        return { status: 201, body: this.create(type, namespace, object, dryRun) };
      }
      case 'update': {
        const object = asObject(await readObjectBody(request), 'the object');
        if (object.metadata.name !== info.name) throw badRequest(`the name of the object (${object.metadata.name}) does not match the name on the URL (${info.name})`);
        this.checkNamespace(type, namespace, object);
        const replacement: KubeObject = { ...object, metadata: { ...object.metadata, ...(namespace && { namespace }) } };
        validateObject(type, replacement);
        return { status: 200, body: this.store.update(type, replacement, dryRun) };
      }
      case 'patch': {
        const patchType = patchTypeOf(request.headers['content-type']);
        const current = this.store.get(type, namespace, info.name);
        if (!current) throw notFound(type.name, type.group, info.name);
        const patch = parseJson(await readBody(request));
        const patched = asObject(applyPatch(patchType, structuredClone(current), patch), 'the patched object');
        // A patch that names a resourceVersion is a precondition; otherwise it applies to the latest.
        const expected = (patch as { metadata?: { resourceVersion?: string } } | null)?.metadata?.resourceVersion;
        const next: KubeObject = { ...patched, metadata: { ...patched.metadata, name: info.name, resourceVersion: expected ?? current.metadata.resourceVersion } };
        if (namespace) next.metadata.namespace = namespace;
        validateObject(type, next);
        return { status: 200, body: this.store.update(type, next, dryRun) };
      }
      case 'delete': {
        if (type.name === 'namespaces' && PROTECTED_NAMESPACES.has(info.name)) {
          throw new KubeError(403, 'Forbidden', `namespaces "${info.name}" is forbidden: this namespace may not be deleted`, { name: info.name, kind: 'namespaces' });
        }
        const deleted = this.store.delete(type, namespace, info.name, dryRun);
        if (type.name === 'namespaces' && !dryRun) this.store.deleteNamespaceContents(info.name);
        if (type.name === 'namespaces' || type.name === 'pods') return { status: 200, body: deleted };
        return { status: 200, body: success({ name: info.name, group: type.group, kind: type.name }) };
      }
      case 'deletecollection': {
        const filter = selectorFilter(url.searchParams.get('labelSelector'), url.searchParams.get('fieldSelector'));
        const items = this.store.list(type, namespace || undefined).filter(filter);
        if (type.name === 'namespaces') throw methodNotAllowed();
        for (const item of items) this.store.delete(type, item.metadata.namespace, item.metadata.name, dryRun);
        return { status: 200, body: { kind: `${type.kind}List`, apiVersion: type.group ? `${type.group}/v1` : 'v1', metadata: { resourceVersion: this.store.currentRevision() }, items } };
      }
      default:
        throw methodNotAllowed();
    }
  }

  private checkNamespace(type: ResourceType, namespace: string | undefined, object: KubeObject): void {
    if (!type.namespaced) return;
    const given = object.metadata.namespace;
    if (given !== undefined && given !== '' && given !== namespace) {
      throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
    if (!this.store.get(this.type('', 'namespaces'), undefined, namespace ?? '')) throw notFound('namespaces', '', namespace ?? '');
  }

  private create(type: ResourceType, namespace: string | undefined, object: KubeObject, dryRun: boolean): KubeObject {
    this.checkNamespace(type, namespace, object);
    const metadata: ObjectMeta = { ...object.metadata };
    if (!metadata.name && metadata.generateName) metadata.name = `${metadata.generateName}${randomSuffix()}`;
    if (!metadata.name) throw new KubeError(422, 'Invalid', `${type.kind} "" is invalid: metadata.name: Required value: name or generateName is required`);
    if (namespace) metadata.namespace = namespace;
    delete metadata.resourceVersion;
    const prepared: KubeObject = { ...object, metadata };
    if (type.name === 'namespaces') {
      prepared.spec = { finalizers: ['kubernetes'] };
      prepared.status = { phase: 'Active' };
      metadata.labels = { ...metadata.labels, 'kubernetes.io/metadata.name': metadata.name };
    }
    validateObject(type, prepared);
    if (type.name === 'pods') {
      const pods = this.store.list(type);
      return this.store.create(type, schedulePod(prepared, this.store.list(this.type('', 'nodes')), pods.length, this.controlPlane.now()), dryRun);
    }
    return this.store.create(type, prepared, dryRun);
  }

  private serveSubresource(type: ResourceType, info: ResourceRequestInfo, namespace: string | undefined): Reply {
    const object = this.store.get(type, namespace, info.name);
    if (!object) throw notFound(type.name, type.group, info.name);
    if (info.subresource === 'status' && info.verb === 'get') return { status: 200, body: object };
    if (type.name === 'pods' && info.subresource === 'log' && info.verb === 'get') {
      const container = ((object.spec as { containers?: Array<{ name?: string }> } | undefined)?.containers ?? [])[0]?.name ?? 'app';
      return { status: 200, body: `${container}: started\n${container}: serving on :8080\n` };
    }
    throw pathNotFound();
  }

  private respondObjects(request: IncomingMessage, url: URL, type: ResourceType, objects: KubeObject[], asList: boolean): Reply {
    const resourceVersion = this.store.currentRevision();
    const limit = Number(url.searchParams.get('limit') ?? '0');
    let offset = 0;
    const continueToken = url.searchParams.get('continue');
    if (continueToken) {
      offset = Number(Buffer.from(continueToken, 'base64url').toString('utf8'));
      if (!Number.isInteger(offset) || offset < 0) throw new KubeError(400, 'BadRequest', 'continue key is not valid');
    }
    let page = objects;
    let next: string | undefined;
    if (asList && (limit > 0 || offset > 0)) {
      page = objects.slice(offset, limit > 0 ? offset + limit : undefined);
      if (limit > 0 && offset + limit < objects.length) next = Buffer.from(String(offset + limit)).toString('base64url');
    }
    if (wantsTable(request.headers.accept)) {
      const requested = url.searchParams.get('includeObject');
      const includeObject: IncludeObject = requested === 'None' || requested === 'Object' ? requested : 'PartialObjectMetadata';
      return {
        status: 200,
        body: toTable(type, page, { now: this.controlPlane.now(), resourceVersion, includeObject, ...(next && { continueToken: next }) }),
        contentType: 'application/json;as=Table;v=v1;g=meta.k8s.io',
      };
    }
    if (!asList) return { status: 200, body: objects[0] };
    return {
      status: 200,
      body: {
        kind: `${type.kind}List`,
        apiVersion: type.group ? `${type.group}/${type.version}` : type.version,
        metadata: { resourceVersion, ...(next && { continue: next }) },
        items: page,
      },
    };
  }
}
