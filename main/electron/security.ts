import { CONTENT_SECURITY_POLICY } from '../security-policy';
import type { BrowserWindowOptions } from './electron-api';

// Pure security decisions of the Electron shell (no electron import), so they can be unit tested under Node.

export interface WindowOptionsInput {
  readonly preloadPath: string;
  readonly title: string;
  /** DevTools only in development builds. */
  readonly devTools: boolean;
  readonly icon?: string;
}

/** The one BrowserWindow configuration: an isolated, sandboxed renderer that reaches the app only through the preload. */
export function windowOptions(input: WindowOptionsInput): BrowserWindowOptions {
  return {
    title: input.title,
    width: 1360,
    height: 860,
    minWidth: 960,
    minHeight: 600,
    show: false,
    backgroundColor: '#ffffff',
    ...(input.icon ? { icon: input.icon } : {}),
    webPreferences: {
      preload: input.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: input.devTools,
    },
  };
}

function filePath(url: string, caseInsensitive: boolean): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'file:' || parsed.host !== '') return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  return caseInsensitive ? pathname.toLowerCase() : pathname;
}

/**
 * True only for our own renderer page (any hash route or query on it). Everything else — other files, http(s),
 * data:, javascript: — is refused. Windows paths compare case-insensitively.
 */
export function isAllowedNavigation(url: string, rendererUrl: string, caseInsensitive = process.platform === 'win32'): boolean {
  const target = filePath(url, caseInsensitive);
  const own = filePath(rendererUrl, caseInsensitive);
  return target !== null && own !== null && target === own;
}

/** IPC is accepted only from the top frame of our renderer page. */
export function isTrustedSender(
  frame: { readonly url: string; readonly parent: unknown } | null | undefined,
  rendererUrl: string,
  caseInsensitive = process.platform === 'win32',
): boolean {
  return frame != null && frame.parent == null && isAllowedNavigation(frame.url, rendererUrl, caseInsensitive);
}

/** Links the renderer tries to open in a new window go to the system browser, and only when they are https. */
export function externalUrlToOpen(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' && parsed.hostname !== '' ? parsed.href : null;
  } catch {
    return null;
  }
}

/**
 * Response headers with our Content-Security-Policy added (an extra CSP can only tighten, so existing ones stay).
 * DevTools pages are left alone: the strict policy would break them.
 */
export function withContentSecurityPolicy(url: string, headers: Record<string, string[]> | undefined): Record<string, string[]> {
  const result: Record<string, string[]> = { ...(headers ?? {}) };
  if (url.startsWith('devtools:')) return result;
  const existing = Object.keys(result).find((name) => name.toLowerCase() === 'content-security-policy');
  const key = existing ?? 'Content-Security-Policy';
  const values = result[key] ?? [];
  result[key] = values.includes(CONTENT_SECURITY_POLICY) ? values : [...values, CONTENT_SECURITY_POLICY];
  return result;
}
