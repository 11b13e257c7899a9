// Serves the built dashboard on app://eks-sso/ from one folder, with the CSP header, and
// refuses anything outside that folder.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { APP_HOST, CONTENT_SECURITY_POLICY } from './security.js';

/** Maps an app:// request URL to a file inside rendererDir, or null when it must be refused. */
export function resolveRendererFile(requestUrl: string, rendererDir: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.host !== APP_HOST) return null;
  const relative = decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname);
  const root = path.resolve(rendererDir);
  const file = path.resolve(root, '.' + relative);
  if (file !== root && !file.startsWith(root + path.sep)) return null;
  return file;
}

export function rendererResponseHeaders(): Record<string, string> {
  return {
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Cross-Origin-Opener-Policy': 'same-origin',
  };
}

/** The built dashboard, next to the preload in dist/. */
export function rendererDir(distDir: string): string {
  return path.join(distDir, 'renderer');
}

export function fileUrl(file: string): string {
  return pathToFileURL(file).toString();
}
