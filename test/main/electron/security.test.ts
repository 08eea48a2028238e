import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../../main/security-policy';
import { externalUrlToOpen, isAllowedNavigation, isTrustedSender, windowOptions, withContentSecurityPolicy } from '../../../main/electron/security';

const renderer = 'file:///opt/CXR%20Anatomy%20Studio/resources/app.asar/dist/renderer/index.html';

describe('windowOptions', () => {
  const options = windowOptions({ preloadPath: '/app/dist/main/preload.cjs', title: 'CXR Anatomy Studio', devTools: false });

  it('isolates and sandboxes the renderer', () => {
    const web = options.webPreferences;
    expect(web.contextIsolation).toBe(true);
    expect(web.sandbox).toBe(true);
    expect(web.nodeIntegration).toBe(false);
    expect(web.nodeIntegrationInWorker).toBe(false);
    expect(web.nodeIntegrationInSubFrames).toBe(false);
    expect(web.webSecurity).toBe(true);
    expect(web.allowRunningInsecureContent).toBe(false);
    expect(web.webviewTag).toBe(false);
    expect(web.preload).toBe('/app/dist/main/preload.cjs');
  });

  it('shows the window only when ready and passes DevTools and the icon through', () => {
    expect(options.show).toBe(false);
    expect(options.title).toBe('CXR Anatomy Studio');
    expect(options.icon).toBeUndefined();
    const dev = windowOptions({ preloadPath: 'p', title: 't', devTools: true, icon: '/i.png' });
    expect(dev.webPreferences.devTools).toBe(true);
    expect(dev.icon).toBe('/i.png');
  });
});

describe('isAllowedNavigation', () => {
  it('allows our renderer page with any hash route or query', () => {
    expect(isAllowedNavigation(renderer, renderer, false)).toBe(true);
    expect(isAllowedNavigation(`${renderer}#/runs`, renderer, false)).toBe(true);
    expect(isAllowedNavigation(`${renderer}?x=1#/projects`, renderer, false)).toBe(true);
    // Chromium may report spaces unescaped or escaped; both are the same file.
    expect(isAllowedNavigation('file:///opt/CXR Anatomy Studio/resources/app.asar/dist/renderer/index.html', renderer, false)).toBe(true);
  });

  it('refuses everything else', () => {
    for (const url of [
      'https://example.org/',
      'http://127.0.0.1:8080/index.html',
      'file:///etc/passwd',
      'file:///opt/CXR%20Anatomy%20Studio/resources/app.asar/dist/renderer/other.html',
      'file://evil-host/opt/CXR%20Anatomy%20Studio/resources/app.asar/dist/renderer/index.html',
      'data:text/html,<script>alert(1)</script>',
      'javascript:alert(1)',
      'devtools://devtools/bundled/inspector.html',
      'not a url',
      '',
    ]) {
      expect(isAllowedNavigation(url, renderer, false), url).toBe(false);
    }
  });

  it('compares Windows paths case-insensitively only when asked', () => {
    const win = 'file:///C:/Program%20Files/CXR/resources/app.asar/dist/renderer/index.html';
    expect(isAllowedNavigation(win.replace('C:/Program', 'c:/program'), win, true)).toBe(true);
    expect(isAllowedNavigation(win.replace('C:/Program', 'c:/program'), win, false)).toBe(false);
  });
});

describe('isTrustedSender', () => {
  it('trusts only the top frame of our page', () => {
    expect(isTrustedSender({ url: `${renderer}#/`, parent: null }, renderer, false)).toBe(true);
    expect(isTrustedSender({ url: renderer, parent: { url: renderer } }, renderer, false)).toBe(false);
    expect(isTrustedSender({ url: 'https://example.org/', parent: null }, renderer, false)).toBe(false);
    expect(isTrustedSender(null, renderer, false)).toBe(false);
    expect(isTrustedSender(undefined, renderer, false)).toBe(false);
  });
});

describe('externalUrlToOpen', () => {
  it('opens only https links', () => {
    expect(externalUrlToOpen('https://www.example.org/docs?q=1')).toBe('https://www.example.org/docs?q=1');
    expect(externalUrlToOpen('http://example.org/')).toBeNull();
    expect(externalUrlToOpen('file:///etc/passwd')).toBeNull();
    expect(externalUrlToOpen('smb://server/share')).toBeNull();
    expect(externalUrlToOpen('javascript:alert(1)')).toBeNull();
    expect(externalUrlToOpen('garbage')).toBeNull();
  });
});

describe('withContentSecurityPolicy', () => {
  it('adds the shared policy to responses', () => {
    const headers = withContentSecurityPolicy(renderer, { 'Content-Type': ['text/html'] });
    expect(headers['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY]);
    expect(headers['Content-Type']).toEqual(['text/html']);
    expect(withContentSecurityPolicy(renderer, undefined)['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY]);
  });

  it('keeps an existing policy (policies only tighten) and does not duplicate ours', () => {
    const headers = withContentSecurityPolicy(renderer, { 'content-security-policy': ["default-src 'none'"] });
    expect(headers['content-security-policy']).toEqual(["default-src 'none'", CONTENT_SECURITY_POLICY]);
    expect(Object.keys(headers)).toEqual(['content-security-policy']);
    expect(withContentSecurityPolicy(renderer, headers)['content-security-policy']).toHaveLength(2);
  });

  it('matches the policy the issue asks for', () => {
    for (const directive of [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data: blob: cxr-media:",
      "connect-src 'self' ws: wss: cxr-media:",
      "object-src 'none'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
    ]) {
      expect(CONTENT_SECURITY_POLICY.split('; ')).toContain(directive);
    }
  });

  it('leaves DevTools pages alone', () => {
    expect(withContentSecurityPolicy('devtools://devtools/bundled/devtools_app.html', {})).toEqual({});
  });
});
