import { describe, expect, it } from 'vitest';
import {
  appUrlsFor,
  externalUrl,
  isAppUrl,
  navigationAllowed,
  permissionAllowed,
  senderInfo,
  trustedIpcSender,
  webviewAttachAllowed,
  windowOpenDecision,
  type SecurityConfig,
} from '../../../src/main/desktop/security-policy';

const FILE_PAGE = 'file:///opt/Reviewdesk/resources/app.asar/out/renderer/index.html';
const config: SecurityConfig = {
  // A file: entry is ignored: the app is never a file: page (it is served over app://).
  appUrls: ['app://reviewdesk', 'http://localhost:5173', FILE_PAGE],
  externalAllowList: ['docs.example.com', '*.review.example', 'https://tools.example.org:8443', 'bücher.example'],
};

describe('navigation', () => {
  it('allows the app’s own pages', () => {
    for (const url of [
      'app://reviewdesk/index.html',
      'app://REVIEWDESK/queue#/a/1',
      'http://localhost:5173/',
      'http://localhost:5173/index.html?x=1',
    ]) {
      expect(navigationAllowed(url, config), url).toBe(true);
    }
  });

  it('refuses everything else, including look-alikes a prefix check would let through', () => {
    for (const url of [
      'https://evil.example/',
      'http://localhost:5173@evil.example/',
      'http://localhost:51730/',
      'http://localhost.evil.example:5173/',
      'https://localhost:5173/',
      'app://reviewdesk.evil/index.html',
      'app://user:pw@reviewdesk/index.html',
      'other://reviewdesk/',
      'file:///etc/passwd',
      'file:///opt/Reviewdesk/resources/app.asar/out/renderer/other.html',
      FILE_PAGE,
      `${FILE_PAGE}#/assignment/4`,
      'javascript:alert(1)',
      'data:text/html,<script>1</script>',
      'not a url',
      '',
      42,
      null,
      `https://x.example/${'a'.repeat(9000)}`,
    ]) {
      expect(navigationAllowed(url, config), String(url).slice(0, 60)).toBe(false);
    }
  });

  it('builds the app’s URLs for development and packaged windows', () => {
    expect(appUrlsFor('http://localhost:5173/')).toEqual(['http://localhost:5173']);
    expect(appUrlsFor()).toEqual(['app://reviewdesk']);
    const packaged: SecurityConfig = { appUrls: appUrlsFor(), externalAllowList: [] };
    expect(isAppUrl('app://reviewdesk/index.html', packaged)).toBe(true);
    expect(isAppUrl('http://localhost:5173/', packaged)).toBe(false);
    // Not even the page the packaged renderer used to be loaded from.
    expect(isAppUrl(FILE_PAGE, { appUrls: [FILE_PAGE], externalAllowList: [] })).toBe(false);
  });
});

describe('window.open and external links', () => {
  it('always denies the window, and opens only allow-listed web links outside', () => {
    expect(windowOpenDecision('https://docs.example.com/guide?q=1', config)).toEqual({
      action: 'deny',
      openExternal: 'https://docs.example.com/guide?q=1',
    });
    expect(windowOpenDecision('https://evil.example/', config)).toEqual({ action: 'deny', openExternal: null });
    expect(windowOpenDecision('app://reviewdesk/index.html', config)).toEqual({ action: 'deny', openExternal: null });
  });

  it('matches hosts, subdomains and exact origins', () => {
    expect(externalUrl('http://DOCS.example.com./x', config)).toBe('http://docs.example.com./x');
    expect(externalUrl('https://a.b.review.example/x', config)).toBe('https://a.b.review.example/x');
    expect(externalUrl('https://review.example/x', config)).toBeNull(); // "*." means subdomains only
    expect(externalUrl('https://evilreview.example/', config)).toBeNull();
    expect(externalUrl('https://tools.example.org:8443/a', config)).toBe('https://tools.example.org:8443/a');
    expect(externalUrl('https://tools.example.org/a', config)).toBeNull();
    expect(externalUrl('https://docs.example.com.evil.example/', config)).toBeNull();
    expect(externalUrl('https://bücher.example/', config)).toBe('https://xn--bcher-kva.example/');
  });

  it('never lets other schemes or credentials through, even for allowed hosts', () => {
    for (const url of [
      'file://docs.example.com/etc/passwd',
      'smb://docs.example.com/share',
      'ms-msdt:/id PCWDiagnostic',
      'javascript://docs.example.com/%0aalert(1)',
      'ftp://docs.example.com/',
      'https://user:pw@docs.example.com/',
      'https://docs.example.com@evil.example/',
      'mailto:someone@docs.example.com',
    ]) {
      expect(externalUrl(url, config), url).toBeNull();
    }
    expect(externalUrl('https://docs.example.com/', { ...config, externalAllowList: [] })).toBeNull();
  });
});

describe('permissions and webviews', () => {
  it('denies every permission by default', () => {
    for (const p of ['notifications', 'media', 'geolocation', 'clipboard-read', 'openExternal', 'unknown']) {
      expect(permissionAllowed(p, 'app://reviewdesk/index.html', config), p).toBe(false);
    }
  });

  it('grants a configured permission to the app’s own page only', () => {
    const granting = { ...config, allowedPermissions: ['clipboard-sanitized-write'] };
    expect(permissionAllowed('clipboard-sanitized-write', 'app://reviewdesk/index.html', granting)).toBe(true);
    expect(permissionAllowed('clipboard-sanitized-write', 'https://evil.example/', granting)).toBe(false);
    expect(permissionAllowed('clipboard-sanitized-write', undefined, granting)).toBe(false);
    expect(permissionAllowed('media', 'app://reviewdesk/index.html', granting)).toBe(false);
  });

  it('refuses to attach webviews', () => {
    expect(webviewAttachAllowed()).toBe(false);
  });
});

describe('IPC sender checks', () => {
  const top = { url: 'app://reviewdesk/index.html', parent: null };

  it('accepts the main frame of an app page', () => {
    expect(trustedIpcSender(senderInfo(top), config)).toBe(true);
    expect(trustedIpcSender(senderInfo({ url: 'http://localhost:5173/', parent: null }), config)).toBe(true);
  });

  it('refuses iframes, foreign pages, and frames that are gone', () => {
    expect(trustedIpcSender(senderInfo({ url: 'app://reviewdesk/index.html', parent: top }), config)).toBe(false);
    expect(trustedIpcSender(senderInfo({ url: 'https://evil.example/', parent: null }), config)).toBe(false);
    expect(trustedIpcSender(senderInfo({ url: 'about:blank', parent: null }), config)).toBe(false);
    expect(trustedIpcSender(senderInfo(null), config)).toBe(false);
    expect(trustedIpcSender(senderInfo(undefined), config)).toBe(false);
    expect(trustedIpcSender({ url: 'app://reviewdesk/', isMainFrame: true }, { ...config, appUrls: [] })).toBe(false);
  });
});
