// A stand-in for the access portal's ListAccounts and ListAccountRoles over real HTTP, for
// what the sandbox does not do on demand: pages of any size (the product asks for 100 per
// page; this serves `pageSize`, as the portal may) and accounts whose role listing always
// fails. The real SDK client talks to it through AWS_ENDPOINT_URL_SSO.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { writeSsoSession } from '../../../main/core/aws-config/config-file.js';
import { tokenFilePath } from '../../../main/core/sso/index.js';
import { writeTokenFile } from '../../../main/core/sso/token-cache.js';

export interface FakePortalOptions {
  accounts: Array<{ accountId: string; accountName: string; roles: string[] }>;
  pageSize: number;
  /** Accounts whose ListAccountRoles answers 404 ResourceNotFoundException every time. */
  failing?: string[];
}

export interface FakePortal {
  url: string;
  /** "ListAccounts <next_token>" / "ListAccountRoles <account> <next_token>", in arrival order ("-" for none). */
  requests: string[];
  close(): Promise<void>;
}

function page<T>(items: T[], token: string | null, size: number): { items: T[]; nextToken?: string } {
  const offset = token ? Number(token.replace(/^page-/, '')) : 0;
  const end = offset + size;
  return { items: items.slice(offset, end), ...(end < items.length ? { nextToken: `page-${end}` } : {}) };
}

export async function startFakePortal(options: FakePortalOptions): Promise<FakePortal> {
  const requests: string[] = [];
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const reply = (status: number, body: unknown, errorType?: string) => {
      response.writeHead(status, { 'content-type': 'application/json', ...(errorType ? { 'x-amzn-errortype': errorType } : {}) });
      response.end(JSON.stringify(body));
    };
    const token = url.searchParams.get('next_token');
    if (url.pathname === '/assignment/accounts') {
      requests.push(`ListAccounts ${token ?? '-'}`);
      const { items, nextToken } = page(options.accounts, token, options.pageSize);
      return reply(200, { accountList: items.map(({ accountId, accountName }) => ({ accountId, accountName })), ...(nextToken ? { nextToken } : {}) });
    }
    if (url.pathname === '/assignment/roles') {
      const accountId = url.searchParams.get('account_id') ?? '';
      requests.push(`ListAccountRoles ${accountId} ${token ?? '-'}`);
      if (options.failing?.includes(accountId)) return reply(404, { message: 'Account not found' }, 'ResourceNotFoundException');
      const roles = options.accounts.find((account) => account.accountId === accountId)?.roles ?? [];
      const { items, nextToken } = page(roles, token, options.pageSize);
      return reply(200, { roleList: items.map((roleName) => ({ roleName, accountId })), ...(nextToken ? { nextToken } : {}) });
    }
    reply(404, { message: 'no such operation' }, 'UnknownOperationException');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A signed-in session in `home` (config section and a valid token file) for the fake portal. */
export async function fakeSignIn(env: Record<string, string | undefined>, session: string): Promise<void> {
  const startUrl = 'https://d-fake000001.awsapps.com/start';
  await writeSsoSession(env, { name: session, startUrl, region: 'eu-west-1', scopes: ['sso:account:access'] });
  await writeTokenFile(tokenFilePath(env, session), { startUrl, region: 'eu-west-1', accessToken: 'fake-access-token', expiresAt: Date.now() + 3_600_000 });
}

export const fakeHome = (home: string) => ({ HOME: home, XDG_CONFIG_HOME: path.join(home, '.config') });
