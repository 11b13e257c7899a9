// Replaced at build time by scripts/build.js; the fallback is for tests run from source.
declare const __EKS_SSO_VERSION__: string | undefined;

export const PRODUCT_VERSION: string = typeof __EKS_SSO_VERSION__ === 'string' ? __EKS_SSO_VERSION__ : '0.0.0-dev';
