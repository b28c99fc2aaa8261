/**
 * The window's security decisions as pure functions over URLs, so they are
 * tested on Node and the Electron wiring (`window.ts`, the IPC host) is a
 * line each. The renderer shows content from a backend we do not control:
 * everything here starts from "no" (Electron security checklist items 5, 12,
 * 13, 14, 15 and 17; see SECURITY.md).
 *
 * URLs are compared through the WHATWG parser, never with `startsWith`
 * (`http://localhost:5173@evil.example` starts with the dev server's URL).
 */
import { APP_ORIGIN } from './app-protocol';

export interface SecurityConfig {
  /**
   * Where the app itself is served from: origins only, the custom scheme's
   * (`app://reviewdesk`, see `app-protocol.ts`) or the dev server's
   * (`http://localhost:5173`). `file:` URLs never count: the renderer is not
   * loaded from disk, and every local file would share that "origin".
   */
  appUrls: readonly string[];
  /**
   * Where links may leave for the OS browser (http/https only): a host
   * (`example.com`), its subdomains (`*.example.com`), or an exact origin
   * (`https://docs.example.com:8443`). Empty: no link leaves the app.
   */
  externalAllowList: readonly string[];
  /** Permissions the app's own pages may have. Empty by default: the renderer needs none. */
  allowedPermissions?: readonly string[];
}

const parse = (url: unknown): URL | null => {
  if (typeof url !== 'string' || url.length > 8192) return null;
  try {
    return new URL(url);
  } catch {
    return null;
  }
};

// Node gives "null" as the origin of non-special schemes such as app:, so build it by hand.
const originOf = (u: URL): string => `${u.protocol}//${u.host}`.toLowerCase();

/** True when `url` is one of the app's own pages. */
export function isAppUrl(url: unknown, config: SecurityConfig): boolean {
  const u = parse(url);
  // file: has no origin worth the name (every local file would be "same origin"), and the app is never one.
  if (!u || u.username || u.password || u.protocol === 'file:') return false;
  return config.appUrls.some((entry) => {
    const a = parse(entry);
    return !!a && a.protocol !== 'file:' && originOf(a) === originOf(u);
  });
}

/** `will-navigate` / `will-redirect`: the app may only move within itself (routing is in-page anyway). */
export const navigationAllowed = (url: unknown, config: SecurityConfig): boolean => isAppUrl(url, config);

const hostName = (h: string): string => h.toLowerCase().replace(/\.$/, '');

/** The URL to hand to the OS browser, normalized, or null when it must not leave. */
export function externalUrl(url: unknown, config: SecurityConfig): string | null {
  const u = parse(url);
  // Only web links: file:, smb:, ms-msdt: and friends can run things on the reviewer's machine.
  if (!u || (u.protocol !== 'https:' && u.protocol !== 'http:')) return null;
  // user:pass@ URLs are a phishing classic ("https://trusted.example@evil.example").
  if (u.username || u.password) return null;
  const host = hostName(u.hostname);
  const ok = config.externalAllowList.some((raw) => {
    const entry = raw.trim().toLowerCase();
    if (entry.includes('://')) {
      const a = parse(entry);
      return !!a && originOf(a) === originOf(u);
    }
    if (entry.startsWith('*.')) {
      const base = hostName(entry.slice(2));
      return base.length > 0 && host.endsWith(`.${base}`);
    }
    // Entries are normalized like the URL's host (IDN → punycode), so "bücher.example" matches.
    const a = parse(`https://${entry}`);
    return !!a && hostName(a.hostname) === host;
  });
  return ok ? u.href : null;
}

export interface WindowOpenDecision {
  /** Always deny: the app has one window. */
  action: 'deny';
  /** Open this in the OS browser instead, if anything. */
  openExternal: string | null;
}

/** `setWindowOpenHandler`: no new windows, ever; allowed web links go to the OS browser. */
export function windowOpenDecision(url: unknown, config: SecurityConfig): WindowOpenDecision {
  return { action: 'deny', openExternal: externalUrl(url, config) };
}

/**
 * `setPermissionRequestHandler` / `setPermissionCheckHandler`: denied unless
 * the config grants it and the request comes from the app's own page.
 */
export function permissionAllowed(permission: string, requestingUrl: unknown, config: SecurityConfig): boolean {
  return (config.allowedPermissions ?? []).includes(permission) && isAppUrl(requestingUrl, config);
}

/** `will-attach-webview`: the app uses no <webview>; one appearing means injected markup. */
export const webviewAttachAllowed = (): false => false;

export interface SenderInfo {
  url: string | null;
  isMainFrame: boolean;
}

/** What the check needs from Electron's `event.senderFrame` (a WebFrameMain, null once it navigated away or died). */
export function senderInfo(frame: { url: string; parent: unknown } | null | undefined): SenderInfo {
  if (!frame) return { url: null, isMainFrame: false };
  return { url: frame.url, isMainFrame: frame.parent === null };
}

/** IPC: only the top frame of an app page may call; iframes and foreign pages may not. */
export function trustedIpcSender(sender: SenderInfo, config: SecurityConfig): boolean {
  return sender.isMainFrame && isAppUrl(sender.url, config);
}

/** The app's URLs for a window that loads `devUrl` (development) or the built renderer over `app://`. */
export function appUrlsFor(devUrl?: string): string[] {
  const dev = devUrl ? parse(devUrl) : null;
  return [dev ? originOf(dev) : APP_ORIGIN];
}
