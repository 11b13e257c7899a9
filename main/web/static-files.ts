// Serves the built dashboard (dist/renderer) read-only, confined to its folder.
import { readFile } from 'node:fs/promises';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.map': 'application/json',
};

export async function readStaticFile(root: string, pathname: string): Promise<{ body: Buffer; type: string } | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  const base = path.resolve(root);
  const file = path.resolve(base, '.' + (decoded === '/' ? '/index.html' : decoded));
  if (!file.startsWith(base + path.sep)) return null;
  try {
    const body = await readFile(file);
    return { body, type: TYPES[path.extname(file)] ?? 'application/octet-stream' };
  } catch {
    return null;
  }
}
