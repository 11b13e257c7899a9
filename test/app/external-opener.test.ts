import { describe, expect, it } from 'vitest';
import { createBrowserOpener, isAllowedExternalUrl } from '../../main/app/external-opener.js';
import { isCoreError } from '../../main/core/errors.js';
import { silentLogger } from '../../main/core/context.js';

describe('opening the system browser', () => {
  it.each([
    ['https://device.sso.eu-west-1.amazonaws.com/?user_code=WDJB-MJHT', true],
    ['https://oidc.us-east-1.amazonaws.com/authorize?response_type=code&client_id=abc', true],
    // The sandbox's approval page lives on the loopback, over plain http.
    ['http://127.0.0.1:43123/device?user_code=WDJB-MJHT', true],
    ['http://[::1]:43123/device', true],
    ['http://evil.example/', false],
    ['http://localhost.evil.example/', false],
    ['http://127.0.0.1.evil.example/', false],
    ['file:///etc/passwd', false],
    ['javascript:alert(1)', false],
    ['vscode://extension/x', false],
    ['https://user:secret@example.com/', false],
    ['not a url', false],
  ])('%s → %s', (url, allowed) => {
    expect(isAllowedExternalUrl(url)).toBe(allowed);
  });

  it('hands allowed URLs to openExternal and refuses the rest with a CoreError', async () => {
    const opened: string[] = [];
    const open = createBrowserOpener(async (url) => void opened.push(url), silentLogger);
    await open('https://device.sso.eu-west-1.amazonaws.com/?user_code=WDJB-MJHT');
    await open('http://127.0.0.1:43123/device');
    const refusal = await open('http://evil.example/').catch((error: unknown) => error);
    expect(isCoreError(refusal) && refusal.code).toBe('invalid-input');
    await expect(open('file:///etc/passwd')).rejects.toThrow(/not https/);
    expect(opened).toEqual(['https://device.sso.eu-west-1.amazonaws.com/?user_code=WDJB-MJHT', 'http://127.0.0.1:43123/device']);
  });
});
