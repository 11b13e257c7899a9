// What the API server's RequestInfoFactory extracts from a URL: whether it is a resource
// request, and if so the group, version, resource, namespace, name, subresource and verb.
export interface ResourceRequestInfo {
  kind: 'resource';
  verb: string;
  apiGroup: string;
  apiVersion: string;
  resource: string;
  subresource: string;
  namespace: string;
  name: string;
}

export interface PathRequestInfo {
  kind: 'path';
  verb: string;
  path: string;
}

export type RequestInfo = ResourceRequestInfo | PathRequestInfo;

const PATH_VERBS: Record<string, string> = { GET: 'get', HEAD: 'head', POST: 'post', PUT: 'put', PATCH: 'patch', DELETE: 'delete', OPTIONS: 'options' };

export function requestInfo(method: string, pathname: string, query: URLSearchParams): RequestInfo {
  const segments = pathname.split('/').filter((segment) => segment !== '').map((segment) => decodeURIComponent(segment));
  let rest: string[];
  let apiGroup: string;
  let apiVersion: string;
  if (segments[0] === 'api' && segments.length >= 3) {
    apiGroup = '';
    apiVersion = segments[1]!;
    rest = segments.slice(2);
  } else if (segments[0] === 'apis' && segments.length >= 4) {
    apiGroup = segments[1]!;
    apiVersion = segments[2]!;
    rest = segments.slice(3);
  } else {
    return { kind: 'path', verb: PATH_VERBS[method] ?? method.toLowerCase(), path: pathname };
  }

  let namespace = '';
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    namespace = rest[1]!;
    rest = rest.slice(2);
  }
  const [resource = '', name = '', subresource = ''] = rest;
  // GET /api/v1/namespaces/foo is about namespace foo: RBAC sees namespace "foo".
  if (resource === 'namespaces' && name !== '') namespace = name;

  let verb: string;
  switch (method) {
    case 'GET':
    case 'HEAD':
      verb = name ? 'get' : query.get('watch') === 'true' || query.get('watch') === '1' ? 'watch' : 'list';
      break;
    case 'POST':
      verb = 'create';
      break;
    case 'PUT':
      verb = 'update';
      break;
    case 'PATCH':
      verb = 'patch';
      break;
    case 'DELETE':
      verb = name ? 'delete' : 'deletecollection';
      break;
    default:
      verb = method.toLowerCase();
  }
  return { kind: 'resource', verb, apiGroup, apiVersion, resource, subresource, namespace, name };
}
