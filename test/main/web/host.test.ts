import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createRuntime, type Runtime } from '../../../app/runtime';
import { startWebHost, type WebHost } from '../../../main/web/host';
import { useTempDir } from '../../helpers/temp-dir';

const tempDir = useTempDir();
const open: { host: WebHost; runtime: Runtime }[] = [];

afterEach(async () => {
  for (const { host, runtime } of open.splice(0)) {
    await host.close();
    await runtime.close();
  }
});

async function start(): Promise<{ host: WebHost; staticDir: string }> {
  const dir = tempDir();
  const staticDir = path.join(dir, 'renderer');
  fs.mkdirSync(path.join(staticDir, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>studio</title>');
  fs.writeFileSync(path.join(staticDir, 'assets', 'app.js'), 'console.log(1)');
  fs.writeFileSync(path.join(dir, 'secret.txt'), 'do not serve');
  const runtime = createRuntime({ databasePath: path.join(dir, 'db.sqlite'), host: 'web' });
  const host = await startWebHost({ runtime, staticDir });
  open.push({ host, runtime });
  return { host, staticDir };
}

function connect(host: WebHost, headers: Record<string, string>): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${host.origin.replace('http', 'ws')}/api/ws`, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

describe('web host', () => {
  it('binds to 127.0.0.1 and refuses requests without the token', async () => {
    const { host } = await start();
    expect(host.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const page = await fetch(`${host.origin}/`);
    expect(page.status).toBe(401);
    expect(await page.text()).toMatch(/access token required/);
    const api = await fetch(`${host.origin}/api/call/projects.list`, { method: 'POST', body: '{}' });
    expect(api.status).toBe(401);
    const wrong = await fetch(`${host.origin}/?token=${'x'.repeat(host.token.length)}`, { redirect: 'manual' });
    expect(wrong.status).toBe(401);
  });

  it('trades the token in the URL for an HttpOnly cookie and serves the renderer with a strict CSP', async () => {
    const { host } = await start();
    const first = await fetch(host.url, { redirect: 'manual' });
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe('/');
    const cookie = first.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const jar = cookie.split(';')[0]!;
    const page = await fetch(`${host.origin}/`, { headers: { cookie: jar } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    expect(await page.text()).toContain('<title>studio</title>');
    const asset = await fetch(`${host.origin}/assets/app.js`, { headers: { cookie: jar } });
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
  });

  it('never serves files outside the built renderer', async () => {
    const { host } = await start();
    const auth = { authorization: `Bearer ${host.token}` };
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/%2e%2e/%2e%2e/secret.txt']) {
      const res = await fetch(`${host.origin}${p}`, { headers: auth });
      expect(await res.text()).not.toContain('do not serve');
    }
  });

  it('binds the API over HTTP with typed errors and status codes', async () => {
    const { host } = await start();
    const auth = { authorization: `Bearer ${host.token}`, 'content-type': 'application/json' };
    const created = await fetch(`${host.origin}/api/call/projects.create`, { method: 'POST', headers: auth, body: JSON.stringify({ name: 'Remote' }) });
    expect(created.status).toBe(200);
    expect((await created.json()).output).toMatchObject({ name: 'Remote' });
    const dup = await fetch(`${host.origin}/api/call/projects.create`, { method: 'POST', headers: auth, body: JSON.stringify({ name: 'remote' }) });
    expect(dup.status).toBe(409);
    expect((await dup.json()).error).toMatchObject({ code: 'conflict' });
    const bad = await fetch(`${host.origin}/api/call/projects.create`, { method: 'POST', headers: auth, body: '{not json' });
    expect(bad.status).toBe(400);
    const ops = await (await fetch(`${host.origin}/api/ops`, { headers: auth })).json();
    expect(ops.map((o: { name: string }) => o.name)).toContain('projects.list');
  });

  it('refuses a Host header that is not loopback (DNS rebinding)', async () => {
    const { host } = await start();
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${host.origin}/api/ops`, { headers: { host: 'evil.example:80', authorization: `Bearer ${host.token}` } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(421);
  });

  it('accepts WebSocket calls from its own origin with the cookie, and refuses foreign origins or a missing token', async () => {
    const { host } = await start();
    const cookie = (await fetch(host.url, { redirect: 'manual' })).headers.get('set-cookie')!.split(';')[0]!;
    await expect(connect(host, { origin: 'http://evil.example', cookie })).rejects.toThrow(/403/);
    await expect(connect(host, { origin: host.origin })).rejects.toThrow(/401/);
    const ws = await connect(host, { origin: host.origin, cookie });
    const reply = new Promise<unknown>((resolve) => ws.once('message', (d) => resolve(JSON.parse(d.toString()))));
    ws.send(JSON.stringify({ type: 'call', id: '1', op: 'projects.list', input: {} }));
    expect(await reply).toMatchObject({ type: 'result', id: '1', output: [{ name: 'Default project' }] });
    ws.close();
  });
});
