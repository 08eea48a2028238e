import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

export function tokensEqual(given: string | undefined | null, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Cookies are shared by every port of a host, so the name carries the port: two hosts on one machine don't log each other out. */
export function cookieName(port: number): string {
  return `cxr_token_${port}`;
}

export function readCookie(req: IncomingMessage, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

/** The token may come as a cookie (browser after the first visit), a bearer header (scripts) or ?token= (the printed URL). */
export function presentedToken(req: IncomingMessage, url: URL, port: number): string | undefined {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice('Bearer '.length).trim();
  return url.searchParams.get('token') ?? readCookie(req, cookieName(port));
}

const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Guards against DNS rebinding: when bound to loopback, the Host header must name loopback.
 * When the user bound to all interfaces explicitly, any host name is accepted (the token still applies).
 */
export function hostHeaderAllowed(hostHeader: string | undefined, bindHost: string, port: number): boolean {
  if (!hostHeader) return false;
  if (!LOOPBACK_NAMES.has(bindHost) && bindHost !== '::1') return true;
  const url = safeUrl(`http://${hostHeader}`);
  if (!url) return false;
  return LOOPBACK_NAMES.has(url.hostname) && Number(url.port || 80) === port;
}

/** WebSocket upgrades must come from a page this host served: same scheme-less host:port as the request. */
export function originAllowed(origin: string | undefined, hostHeader: string | undefined): boolean {
  if (!origin || !hostHeader) return false;
  const url = safeUrl(origin);
  return url !== null && (url.protocol === 'http:' || url.protocol === 'https:') && url.host === hostHeader;
}

function safeUrl(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}
