// The two web pages a person (or a Chromium test) meets while signing in: the device
// verification page opened from verificationUriComplete, and the /authorize page of the PKCE
// flow. Plain HTML forms with Allow and Deny; no scripts, so a strict CSP holds.
import { escapeXml as escapeHtml } from '../http/protocols.js';
import type { Reply } from '../http/service-server.js';

const style = `body{font:16px system-ui,sans-serif;max-width:34rem;margin:3rem auto;padding:0 1rem;color:#16191f}
code.user-code{font-size:2rem;letter-spacing:.2rem;display:block;margin:1rem 0}
.start-url{color:#545b64;word-break:break-all}button{font-size:1rem;padding:.5rem 1.5rem;margin-right:.5rem}
button[value=allow]{background:#ff9900;border:1px solid #ec7211}label{display:block;margin:1rem 0}`;

export function htmlPage(status: number, title: string, inner: string): Reply {
  const body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${style}</style></head><body><h1>${escapeHtml(title)}</h1>${inner}</body></html>`;
  return {
    status,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self' http://127.0.0.1:* http://localhost:*; frame-ancestors 'none'",
      'cache-control': 'no-store',
    },
    body,
  };
}

function userPicker(users: string[]): string {
  const options = users.map((user) => `<option value="${escapeHtml(user)}">${escapeHtml(user)}</option>`).join('');
  return `<label>Sign in as <select name="user" id="user">${options}</select></label>`;
}

export function devicePage(input: { userCode: string; startUrl: string; region: string; users: string[] }): Reply {
  return htmlPage(
    200,
    'Authorize request',
    `<p>Confirm that this code matches the one shown by the application signing in:</p>
<code class="user-code" id="user-code">${escapeHtml(input.userCode)}</code>
<p>It signs in to <span class="start-url" id="start-url">${escapeHtml(input.startUrl)}</span> (${escapeHtml(input.region)}).</p>
<form method="post" action="/device">
<input type="hidden" name="user_code" value="${escapeHtml(input.userCode)}">
${userPicker(input.users)}
<button type="submit" name="decision" value="allow" id="allow">Allow</button>
<button type="submit" name="decision" value="deny" id="deny">Deny</button>
</form>`,
  );
}

export function deviceCodeEntryPage(message?: string): Reply {
  return htmlPage(
    message ? 400 : 200,
    'Enter code',
    `${message ? `<p id="message">${escapeHtml(message)}</p>` : ''}<form method="get" action="/device">
<label>Code <input name="user_code" autocomplete="off"></label><button type="submit">Next</button></form>`,
  );
}

export function authorizePage(input: { requestId: string; clientName: string; startUrl: string; scopes: string[]; users: string[] }): Reply {
  return htmlPage(
    200,
    'Allow access',
    `<p><strong id="client-name">${escapeHtml(input.clientName)}</strong> asks to sign in to <span class="start-url" id="start-url">${escapeHtml(input.startUrl)}</span>${
      input.scopes.length ? ` with scopes ${escapeHtml(input.scopes.join(', '))}` : ''
    }.</p>
<form method="post" action="/authorize">
<input type="hidden" name="request" value="${escapeHtml(input.requestId)}">
${userPicker(input.users)}
<button type="submit" name="decision" value="allow" id="allow">Allow</button>
<button type="submit" name="decision" value="deny" id="deny">Deny</button>
</form>`,
  );
}

export function resultPage(status: number, title: string, message: string): Reply {
  return htmlPage(status, title, `<p id="message">${escapeHtml(message)}</p>`);
}

export function redirect(location: string): Reply {
  return { status: 302, headers: { location, 'cache-control': 'no-store' }, body: '' };
}
