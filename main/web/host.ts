import fs from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { contract, operationNames } from '../../app/api/contract';
import { ApiError, toApiError } from '../../app/api/errors';
import { parseMediaPath } from '../../app/api/media';
import { createSession } from '../../app/api/protocol';
import type { Runtime } from '../../app/runtime';
import { CONTENT_SECURITY_POLICY } from '../security-policy';
import { cookieName, hostHeaderAllowed, newToken, originAllowed, presentedToken, tokensEqual } from './auth';
import { httpStatusOf } from './http-status';
import { resolveStaticFile } from './static-files';

export interface WebHostOptions {
  readonly runtime: Runtime;
  /** The built renderer (dist/renderer). */
  readonly staticDir: string;
  /** 127.0.0.1 unless the user explicitly asks for more. */
  readonly host?: string;
  /** 0 picks a free port. */
  readonly port?: number;
  readonly token?: string;
}

export interface WebHost {
  /** Open this to use the app: it carries the token once, then a cookie does. */
  readonly url: string;
  readonly origin: string;
  readonly token: string;
  readonly port: number;
  close(): Promise<void>;
}

// Annotation files travel as call input (a COCO file of a large dataset runs to tens of MB).
const MAX_BODY_BYTES = 256 * 2 ** 20;

const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

function send(res: ServerResponse, status: number, body: string | Buffer, contentType: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': contentType, 'Cache-Control': 'no-store', ...extra });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  send(res, status, JSON.stringify(value), 'application/json; charset=utf-8');
}

const UNAUTHORIZED_PAGE =
  '<!doctype html><meta charset="utf-8"><title>Token required</title>' +
  '<h1>401 — access token required</h1><p>This CXR Anatomy Studio host only answers requests that carry its access token. ' +
  'Open the URL printed in the terminal where the host was started (it ends in <code>?token=…</code>).</p>';

async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new ApiError('invalid_input', `Request body is larger than ${MAX_BODY_BYTES} bytes.`);
    chunks.push(chunk as Buffer);
  }
  if (size === 0) return {};
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new ApiError('invalid_input', 'Request body is not valid JSON.');
  }
}

/**
 * The local web host: serves the built renderer and binds the same API contract as Electron's IPC,
 * over WebSocket (streaming progress, cancel) and plain HTTP POST (scripts, curl).
 */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const bindHost = options.host ?? '127.0.0.1';
  const token = options.token ?? newToken();
  const { dispatcher } = options.runtime;
  let port = 0;

  const authorised = (req: IncomingMessage, url: URL) => tokensEqual(presentedToken(req, url, port), token);

  async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (url.pathname === '/api/ops' && req.method === 'GET') {
      sendJson(res, 200, operationNames.map((name) => ({ name, summary: contract[name].summary, streaming: contract[name].streaming })));
      return;
    }
    const match = /^\/api\/call\/([\w.]+)$/.exec(url.pathname);
    if (!match || req.method !== 'POST') {
      sendJson(res, 404, { error: { code: 'not_found', message: `No API route ${req.method} ${url.pathname}.` } });
      return;
    }
    const controller = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) controller.abort();
    });
    try {
      const input = await readJsonBody(req);
      const output = await dispatcher.call(match[1]!, input, { signal: controller.signal, progress: () => {} });
      sendJson(res, 200, { output });
    } catch (err) {
      const error = toApiError(err);
      sendJson(res, httpStatusOf(error.code), { error: error.toJSON() });
    }
  }

  function handleStatic(req: IncomingMessage, res: ServerResponse, url: URL): void {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, 405, 'Method not allowed', 'text/plain; charset=utf-8');
      return;
    }
    const found = resolveStaticFile(options.staticDir, url.pathname);
    if (!found) {
      send(res, 404, `Not found: ${url.pathname}`, 'text/plain; charset=utf-8');
      return;
    }
    send(res, 200, fs.readFileSync(found.file), found.contentType);
  }

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://placeholder');
    if (!hostHeaderAllowed(req.headers.host, bindHost, port)) {
      send(res, 421, 'Misdirected request: unexpected Host header.', 'text/plain; charset=utf-8');
      return;
    }
    if (!authorised(req, url)) {
      if (url.pathname.startsWith('/api/')) sendJson(res, 401, { error: { code: 'unauthorized', message: 'Missing or wrong access token.' } });
      else send(res, 401, UNAUTHORIZED_PAGE, 'text/html; charset=utf-8');
      return;
    }
    if (url.searchParams.has('token')) {
      // Trade the token in the address bar for a cookie, so it does not linger in history or get copied around.
      url.searchParams.delete('token');
      const location = url.pathname + (url.search || '');
      send(res, 303, '', 'text/plain; charset=utf-8', {
        Location: location,
        'Set-Cookie': `${cookieName(port)}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`,
      });
      return;
    }
    if (url.pathname.startsWith('/api/')) {
      void handleApi(req, res, url);
      return;
    }
    const media = parseMediaPath(url.pathname);
    if (media && req.method === 'GET') {
      void options.runtime.readMedia(media.kind, media.imageId).then(
        (m) => send(res, 200, m.body, m.contentType, m.headers),
        (err: unknown) => {
          const error = toApiError(err);
          sendJson(res, httpStatusOf(error.code), { error: error.toJSON() });
        },
      );
      return;
    }
    handleStatic(req, res, url);
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_BODY_BYTES });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://placeholder');
    const refuse = (status: string) => {
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (url.pathname !== '/api/ws') return refuse('404 Not Found');
    if (!hostHeaderAllowed(req.headers.host, bindHost, port)) return refuse('421 Misdirected Request');
    if (!originAllowed(req.headers.origin, req.headers.host)) return refuse('403 Forbidden');
    if (!authorised(req, url)) return refuse('401 Unauthorized');
    wss.handleUpgrade(req, socket, head, (ws) => bindSocket(ws));
  });

  function bindSocket(ws: WebSocket): void {
    const session = createSession(dispatcher, (msg) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg));
    });
    ws.on('message', (data) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(data.toString());
      } catch {
        parsed = null;
      }
      session.handle(parsed);
    });
    ws.on('close', () => session.close());
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, bindHost, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const displayHost = bindHost.includes(':') ? `[${bindHost}]` : bindHost === '0.0.0.0' ? '127.0.0.1' : bindHost;
  const origin = `http://${displayHost}:${port}`;

  return {
    url: `${origin}/?token=${token}`,
    origin,
    token,
    port,
    close: async () => {
      for (const client of wss.clients) client.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
