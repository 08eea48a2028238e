import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findElectronBinary } from '../../main/electron-binary';
import { useTempDir } from '../helpers/temp-dir';

const root = path.resolve(__dirname, '../..');
const startScript = path.join(root, 'dist/main/start.cjs');
const tempDir = useTempDir();
const children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGTERM');
});

function waitForLine(child: ChildProcess, pattern: RegExp, timeoutMs = 30_000): Promise<{ match: RegExpMatchArray; output: string }> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pattern}; output so far:\n${output}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(pattern);
      if (match) {
        clearTimeout(timer);
        resolve({ match, output });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`exited with ${code}:\n${output}`)));
  });
}

describe('npm start', () => {
  it('falls back to the web host where Electron is missing, prints the URL, and serves the app with a default project', async () => {
    expect(fs.existsSync(startScript), 'run `npm run build` first').toBe(true);
    const electron = findElectronBinary(path.join(root, 'package.json'));
    const dataDir = tempDir();
    const args = [startScript, '--data-dir', dataDir, ...(electron.found ? ['--web'] : [])];
    const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, CXR_STUDIO_DB: '' } });
    children.push(child);
    const { match, output } = await waitForLine(child, /Open: (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/);
    if (!electron.found) expect(output).toMatch(/^Electron is not available \(.+\); starting the local web host instead\.$/m);
    expect(output).toContain(path.join(dataDir, 'studio.sqlite'));
    const url = new URL(match[1]!);
    const first = await fetch(url, { redirect: 'manual' });
    const cookie = first.headers.get('set-cookie')!.split(';')[0]!;
    const page = await fetch(new URL('/', url), { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<div id="root">/);
    const projects = await fetch(new URL('/api/call/projects.list', url), { method: 'POST', headers: { cookie }, body: '{}' });
    expect((await projects.json()).output.map((p: { name: string }) => p.name)).toEqual(['Default project']);
  });

  it('warns loudly when asked to listen beyond this machine', async () => {
    const child = spawn(process.execPath, [startScript, '--web', '--host', '0.0.0.0', '--data-dir', tempDir()], { cwd: root });
    children.push(child);
    const { output } = await waitForLine(child, /Open: /);
    expect(output).toMatch(/WARNING: listening on 0\.0\.0\.0/);
  });

  it('rejects unknown options with a clear error', async () => {
    const child = spawn(process.execPath, [startScript, '--prot', '80'], { cwd: root });
    children.push(child);
    const { output } = await waitForLine(child, /error: .*--prot/);
    expect(output).toMatch(/Unknown option '--prot'/);
  });
});
