import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../../main/security-policy';
import { API_CHANNEL } from '../../../main/electron/bridge';
import type {
  BrowserWindowOptions,
  ElectronMain,
  HeadersReceivedDetails,
  IpcMainEvent,
  MenuItemOptions,
  MessageBoxOptions,
  NavigationEvent,
  WebFrameMain,
} from '../../../main/electron/electron-api';
import { startShell, type Shell } from '../../../main/electron/shell';
import { useTempDir } from '../../helpers/temp-dir';

// Drives the Electron shell's wiring under Node with a fake electron module: the real binary cannot run here.

type Listener = (...args: never[]) => unknown;

class Emitter {
  readonly listeners = new Map<string, Listener[]>();
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  once(event: string, listener: Listener): this {
    return this.on(event, listener);
  }
  emit(event: string, ...args: unknown[]): void {
    for (const l of this.listeners.get(event) ?? []) (l as (...a: unknown[]) => unknown)(...args);
  }
}

let nextId = 1;

class FakeContents extends Emitter {
  readonly id = nextId++;
  readonly sent: unknown[] = [];
  destroyed = false;
  openHandler: ((details: { url: string }) => { action: string }) | null = null;
  send(channel: string, msg: unknown) {
    if (channel === API_CHANNEL) this.sent.push(msg);
  }
  isDestroyed() {
    return this.destroyed;
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.openHandler = handler;
  }
  navigate(event: string, url: string): boolean {
    let prevented = false;
    const e: NavigationEvent = { url, preventDefault: () => void (prevented = true) };
    this.emit(event, e, url);
    return prevented;
  }
}

function fakeElectron(root: string, options: { lock?: boolean } = {}) {
  const app = Object.assign(new Emitter(), {
    isPackaged: false,
    paths: { appData: path.join(root, 'appData'), userData: path.join(root, 'appData', 'Electron') } as Record<string, string>,
    lockData: undefined as unknown,
    quit: vi.fn(),
    exit: vi.fn(),
    requestSingleInstanceLock(data?: unknown) {
      this.lockData = data;
      return options.lock ?? true;
    },
    whenReady: () => Promise.resolve(),
    getPath(name: string) {
      return this.paths[name]!;
    },
    setPath(name: string, value: string) {
      this.paths[name] = value;
    },
    getAppPath: () => root,
  });
  const windows: FakeWindow[] = [];
  class FakeWindow extends Emitter {
    readonly webContents = new FakeContents();
    loaded: string | null = null;
    focused = 0;
    constructor(readonly options: BrowserWindowOptions) {
      super();
      windows.push(this);
      app.emit('web-contents-created', {}, this.webContents);
    }
    static getAllWindows() {
      return windows;
    }
    loadFile(file: string) {
      this.loaded = file;
      return Promise.resolve();
    }
    show() {}
    focus() {
      this.focused++;
    }
    restore() {}
    isMinimized() {
      return false;
    }
    isDestroyed() {
      return false;
    }
  }
  const ipc = new Emitter();
  let headersListener: ((d: HeadersReceivedDetails, cb: (r: { responseHeaders?: Record<string, string[]> }) => void) => void) | null = null;
  let permissionRequest: ((wc: unknown, permission: string, cb: (granted: boolean) => void) => void) | null = null;
  let permissionCheck: ((wc: unknown, permission: string) => boolean) | null = null;
  const electron = {
    app,
    BrowserWindow: FakeWindow,
    dialog: {
      showErrorBox: vi.fn<(title: string, content: string) => void>(),
      showMessageBox: vi.fn<(w: unknown, o: MessageBoxOptions) => Promise<unknown>>(() => Promise.resolve({ response: 0 })),
    },
    ipcMain: { on: (channel: string, l: Listener) => ipc.on(channel, l) },
    Menu: { buildFromTemplate: (t: MenuItemOptions[]) => ({ template: t }), setApplicationMenu: vi.fn() },
    session: {
      defaultSession: {
        webRequest: { onHeadersReceived: (l: typeof headersListener) => void (headersListener = l) },
        setPermissionRequestHandler: (h: typeof permissionRequest) => void (permissionRequest = h),
        setPermissionCheckHandler: (h: typeof permissionCheck) => void (permissionCheck = h),
      },
    },
    shell: { openExternal: vi.fn(() => Promise.resolve()) },
    protocol: {
      registerSchemesAsPrivileged: vi.fn(),
      handle: vi.fn<(scheme: string, handler: (request: { url: string; method: string }) => Promise<Response>) => void>(),
    },
  };
  return {
    electron,
    asElectron: electron as unknown as ElectronMain,
    app,
    windows,
    ipc,
    headers: (url: string, responseHeaders?: Record<string, string[]>) => {
      let out: Record<string, string[]> | undefined;
      headersListener!({ url, responseHeaders }, (r) => (out = r.responseHeaders));
      return out;
    },
    permissionRequest: (permission: string) => {
      let granted: boolean | undefined;
      permissionRequest!({}, permission, (g) => (granted = g));
      return granted;
    },
    permissionCheck: (permission: string) => permissionCheck!(null, permission),
  };
}

const tempDir = useTempDir('cxr-shell-');
const started: ReturnType<typeof fakeElectron>[] = [];

afterEach(async () => {
  // 'will-quit' closes the runtime (asynchronously: jobs and workers wind down) before the temp folder is removed.
  for (const { app } of started.splice(0)) {
    app.emit('will-quit', { preventDefault() {} });
    await vi.waitFor(() => expect(app.quit).toHaveBeenCalled());
  }
});

async function start(options: { lock?: boolean; argv?: string[]; env?: Record<string, string> } = {}) {
  const root = tempDir();
  const home = path.join(root, 'home');
  const fake = fakeElectron(root, options);
  const distMainDir = path.join(root, 'dist', 'main');
  const shell = await startShell(fake.asElectron, {
    distMainDir,
    argv: options.argv ?? ['/usr/bin/electron', root, '--backend', 'cpu'],
    env: options.env ?? { CXR_STUDIO_HOME: home },
    platform: 'linux',
    log: () => {},
  });
  if (shell) started.push(fake);
  return { ...fake, root, home, distMainDir, shell };
}

function frame(url: string, parent: WebFrameMain | null = null): WebFrameMain {
  return { url, parent };
}

async function call(
  fake: Awaited<ReturnType<typeof start>>,
  msg: unknown,
  senderFrame: WebFrameMain | null,
  contents = fake.windows[0]!.webContents,
): Promise<unknown[]> {
  const before = contents.sent.length;
  const event: IpcMainEvent = { sender: contents, senderFrame };
  fake.ipc.emit(API_CHANNEL, event, msg);
  await new Promise((r) => setTimeout(r, 50));
  return contents.sent.slice(before);
}

describe('Electron shell', () => {
  it('opens the database in the data folder and shows one locked-down window', async () => {
    const fake = await start();
    const shell = fake.shell as Shell;
    expect(shell).not.toBeNull();
    expect(fake.app.paths.userData).toBe(fake.home);
    expect(shell.databasePath).toBe(path.join(fake.home, 'studio.sqlite'));
    expect(fs.existsSync(shell.databasePath)).toBe(true);
    expect(fake.app.lockData).toEqual({ databasePath: shell.databasePath });

    expect(fake.windows).toHaveLength(1);
    const win = fake.windows[0]!;
    expect(win.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      devTools: true,
      preload: path.join(fake.distMainDir, 'preload.cjs'),
    });
    const rendererPath = path.join(fake.root, 'dist', 'renderer', 'index.html');
    expect(win.loaded).toBe(rendererPath);
    expect(shell.rendererUrl).toBe(pathToFileURL(rendererPath).href);
    expect(fake.electron.Menu.setApplicationMenu).toHaveBeenCalledOnce();
  });

  it('answers API calls from our page over cxr:api', async () => {
    const fake = await start();
    const url = `${fake.shell!.rendererUrl}#/projects`;
    const replies = await call(fake, { type: 'call', id: 'a1', op: 'projects.list', input: {} }, frame(url));
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatchObject({ type: 'result', id: 'a1' });
    expect(JSON.stringify(replies[0])).toContain('Default project');

    const info = await call(fake, { type: 'call', id: 'a2', op: 'app.info', input: {} }, frame(url));
    expect(info[0]).toMatchObject({ type: 'result', output: { host: 'electron', databasePath: fake.shell!.databasePath } });

    const bad = await call(fake, { type: 'call', id: 'a3', op: 'projects.create', input: { name: '' } }, frame(url));
    expect(bad[0]).toMatchObject({ type: 'error', id: 'a3', error: { code: 'invalid_input' } });
  });

  it('serves media over the privileged cxr-media scheme, with the web host errors', async () => {
    const fake = await start();
    expect(fake.electron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      expect.objectContaining({ scheme: 'cxr-media', privileges: expect.objectContaining({ supportFetchAPI: true }) }),
    ]);
    const [scheme, handler] = fake.electron.protocol.handle.mock.calls[0]!;
    expect(scheme).toBe('cxr-media');
    const missing = await handler({ url: 'cxr-media://media/thumbnail/999', method: 'GET' });
    expect(missing.status).toBe(404);
    expect((await missing.json()).error.message).toMatch(/Image 999 does not exist/);
    expect((await handler({ url: 'cxr-media://media/../secret', method: 'GET' })).status).toBe(404);
  });

  it('ignores API messages from other pages, subframes, gone frames and foreign webContents', async () => {
    const fake = await start();
    const ok = fake.shell!.rendererUrl;
    const msg = { type: 'call', id: 'x', op: 'projects.list', input: {} };
    expect(await call(fake, msg, frame('https://evil.example/'))).toEqual([]);
    expect(await call(fake, msg, frame(ok, frame(ok)))).toEqual([]);
    expect(await call(fake, msg, null)).toEqual([]);
    const stranger = new FakeContents();
    expect(await call(fake, msg, frame(ok), stranger)).toEqual([]);
    expect(stranger.sent).toEqual([]);
  });

  it('starts a fresh API session when the page reloads', async () => {
    const fake = await start();
    const contents = fake.windows[0]!.webContents;
    const ok = frame(fake.shell!.rendererUrl);
    // A call id in flight in the old document may be reused by the reloaded one.
    const slow = { type: 'call', id: 'same', op: 'compute.probe', input: { size: 16, repeats: 1 } };
    fake.ipc.emit(API_CHANNEL, { sender: contents, senderFrame: ok }, slow);
    contents.emit('did-start-navigation', { isMainFrame: true, isSameDocument: false, preventDefault() {} });
    const replies = await call(fake, { type: 'call', id: 'same', op: 'projects.list', input: {} }, ok);
    await new Promise((r) => setTimeout(r, 500));
    // Exactly one reply for "same": the new page's result; the old call was cancelled without a word to the new page.
    const forSame = contents.sent.filter((m) => (m as { id?: string }).id === 'same');
    expect(replies).toHaveLength(1);
    expect(forSame).toEqual([replies[0]]);
    expect(forSame[0]).toMatchObject({ type: 'result' });
  });

  it('blocks navigation away from the renderer and new windows; https links go to the system browser', async () => {
    const fake = await start();
    const contents = fake.windows[0]!.webContents;
    const rendererUrl = fake.shell!.rendererUrl;
    expect(contents.navigate('will-navigate', 'https://example.org/')).toBe(true);
    expect(contents.navigate('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(contents.navigate('will-redirect', 'http://127.0.0.1/')).toBe(true);
    expect(contents.navigate('will-navigate', `${rendererUrl}#/runs`)).toBe(false);

    expect(contents.openHandler!({ url: 'https://example.org/paper' })).toEqual({ action: 'deny' });
    expect(fake.electron.shell.openExternal).toHaveBeenCalledWith('https://example.org/paper');
    expect(contents.openHandler!({ url: 'http://example.org/' })).toEqual({ action: 'deny' });
    expect(contents.openHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(fake.electron.shell.openExternal).toHaveBeenCalledTimes(1);

    let prevented = false;
    contents.emit('will-attach-webview', { preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
  });

  it('adds the CSP header and denies every permission', async () => {
    const fake = await start();
    expect(fake.headers(fake.shell!.rendererUrl, {})).toEqual({ 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      expect(fake.permissionRequest(permission)).toBe(false);
      expect(fake.permissionCheck(permission)).toBe(false);
    }
  });

  it('quits at once as a second instance', async () => {
    const fake = await start({ lock: false });
    expect(fake.shell).toBeNull();
    expect(fake.app.quit).toHaveBeenCalledOnce();
    expect(fake.windows).toHaveLength(0);
    expect(fs.existsSync(path.join(fake.home, 'studio.sqlite'))).toBe(false);
  });

  it('focuses its window for a second instance and says when that one asked for another database', async () => {
    const fake = await start();
    fake.app.emit('second-instance', {}, [], '/', { databasePath: fake.shell!.databasePath });
    expect(fake.windows[0]!.focused).toBe(1);
    expect(fake.electron.dialog.showMessageBox).not.toHaveBeenCalled();
    fake.app.emit('second-instance', {}, [], '/', { databasePath: '/elsewhere/other.sqlite' });
    expect(fake.windows[0]!.focused).toBe(2);
    expect(fake.electron.dialog.showMessageBox).toHaveBeenCalledOnce();
    expect(fake.electron.dialog.showMessageBox.mock.calls[0]![1].detail).toContain('/elsewhere/other.sqlite');
  });

  it('shows a native error and exits when the database cannot be opened, leaving the file untouched', async () => {
    const root = tempDir();
    const db = path.join(root, 'broken.sqlite');
    const garbage = Buffer.from('this is not an SQLite database, and must not be overwritten'.repeat(100));
    fs.writeFileSync(db, garbage);
    const fake = await start({ argv: ['/opt/cxr/cxr', `--db=${db}`], env: { CXR_STUDIO_HOME: path.join(root, 'home') } });
    expect(fake.shell).toBeNull();
    expect(fake.electron.dialog.showErrorBox).toHaveBeenCalledOnce();
    const [title, message] = fake.electron.dialog.showErrorBox.mock.calls[0]!;
    expect(title).toContain('cannot open its database');
    expect(message).toContain(db);
    expect(message).toMatch(/damaged|not an SQLite/);
    expect(fake.app.exit).toHaveBeenCalledWith(1);
    expect(fake.windows).toHaveLength(0);
    expect(fs.readFileSync(db).equals(garbage)).toBe(true);
  });
});
