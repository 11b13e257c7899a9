// The dashboard's Content-Security-Policy. Plain data, shared by the Electron shell (the app://
// responses) and the web bridge of `eks-sso ui` (the HTTP responses); it lives here, outside
// main/app, because the CLI loads main/web and must not reach into the Electron shell.
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');
