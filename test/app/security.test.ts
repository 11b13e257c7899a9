import { describe, expect, it } from 'vitest';
import { isAppUrl, CONTENT_SECURITY_POLICY } from '../../main/app/security.js';
import { resolveRendererFile } from '../../main/app/renderer-paths.js';
import { trayIconPng } from '../../main/app/tray-icon.js';

describe('app origin checks', () => {
  it.each([
    ['app://eks-sso/index.html', true],
    ['app://eks-sso/', true],
    ['app://eks-sso.attacker.dev/index.html', false],
    ['app://user:pw@eks-sso/', false],
    ['https://eks-sso/index.html', false],
    ['file:///etc/passwd', false],
    ['not a url', false],
  ])('%s → %s', (url, expected) => {
    expect(isAppUrl(url)).toBe(expected);
  });

  it('allows no inline script, no remote content and no framing', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-inline');
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
  });
});

describe('renderer file resolution', () => {
  it('maps the root to index.html and assets inside the folder', () => {
    expect(resolveRendererFile('app://eks-sso/', '/dist/renderer')).toBe('/dist/renderer/index.html');
    expect(resolveRendererFile('app://eks-sso/assets/a.js', '/dist/renderer')).toBe('/dist/renderer/assets/a.js');
  });

  it('refuses traversal and other hosts', () => {
    // The URL parser folds %2e%2e segments itself, so those stay inside the folder...
    expect(resolveRendererFile('app://eks-sso/%2e%2e/%2e%2e/secret', '/dist/renderer')).toBe('/dist/renderer/secret');
    // ...while encoded slashes survive parsing and must be caught after decoding.
    expect(resolveRendererFile('app://eks-sso/..%2F..%2Fsecret', '/dist/renderer')).toBeNull();
    expect(resolveRendererFile('app://other/index.html', '/dist/renderer')).toBeNull();
  });
});

describe('tray icon', () => {
  it('is a PNG of the requested size', () => {
    const png = trayIconPng('ok', 16);
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(16);
    expect(png.readUInt32BE(20)).toBe(16);
  });
});
