/**
 * The renderer's Content Security Policy, one copy for both hosts: the
 * Electron app's app:// protocol and the browser host's HTTP server. No
 * inline or eval'd script anywhere; the browser host adds its WebSocket to
 * connect-src. (index.html and web.html carry the same policy in a meta tag
 * for the dev server.)
 */
export function contentSecurityPolicy(extraConnect: readonly string[] = []): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    // Audio and video previews play from object URLs of the cached bytes (FilePreviews.tsx).
    "media-src 'self' blob:",
    ["connect-src 'self'", ...extraConnect].join(' '),
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
