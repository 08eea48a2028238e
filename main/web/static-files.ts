import fs from 'node:fs';
import path from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};

export interface StaticFile {
  readonly file: string;
  readonly contentType: string;
}

/**
 * Maps a URL path to a file inside the built renderer, refusing anything that escapes it.
 * Paths without an extension are client-side routes and get index.html.
 */
export function resolveStaticFile(staticDir: string, urlPath: string): StaticFile | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const root = path.resolve(staticDir);
  const wanted = path.resolve(root, `.${path.posix.normalize(`/${decoded}`)}`);
  if (wanted !== root && !wanted.startsWith(root + path.sep)) return null;
  const ext = path.extname(wanted);
  const file = ext === '' || wanted === root ? path.join(root, 'index.html') : wanted;
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) return null;
  return { file, contentType: CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream' };
}
