import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { toApiError } from '../../app/api/errors';
import { MEDIA_SCHEME } from '../../app/api/media';
import { createSession, type Session } from '../../app/api/protocol';
import { mediaResponse } from './media-protocol';
import { createRuntime, type Runtime } from '../../app/runtime';
import { appName, appVersion, codeVersion } from '../../app/version';
import { API_CHANNEL } from './bridge';
import type { BrowserWindow, ElectronMain, WebContents } from './electron-api';
import { parseElectronArgs, resolveLocations } from './locations';
import { menuTemplate } from './menu';
import { externalUrlToOpen, isAllowedNavigation, isTrustedSender, windowOptions, withContentSecurityPolicy } from './security';

// The Electron shell: window, menu, security hooks and the IPC binding of the API contract. Everything the app does
// lives in app/; this file only wires Electron to createRuntime/createSession. The electron module is passed in, so
// test/main/electron/shell.test.ts can drive this wiring under Node with a fake.

export interface ShellOptions {
  /** Folder of the bundled main script (dist/main): preload.cjs is next to it, the renderer in ../renderer. */
  readonly distMainDir: string;
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly platform: NodeJS.Platform;
  readonly log?: (line: string) => void;
}

export interface Shell {
  readonly runtime: Runtime;
  readonly dataDir: string;
  readonly databasePath: string;
  readonly rendererUrl: string;
  mainWindow(): BrowserWindow | null;
}

interface InstanceData {
  readonly databasePath?: unknown;
}

/** Starts the app; resolves to null when this process is a second instance or the database cannot be opened. */
export async function startShell(electron: ElectronMain, options: ShellOptions): Promise<Shell | null> {
  const { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session, shell } = electron;
  const log = options.log ?? ((line: string) => console.warn(line));
  const args = parseElectronArgs(options.argv);
  const { dataDir, databasePath } = resolveLocations(args, options.env, app.getPath('appData'));

  // Before the lock: Electron keys the single-instance lock on userData, so each data folder gets one instance.
  app.setPath('userData', dataDir);
  if (!app.requestSingleInstanceLock({ databasePath })) {
    // The first instance gets 'second-instance' and focuses its window.
    app.quit();
    return null;
  }

  const preloadPath = path.join(options.distMainDir, 'preload.cjs');
  const rendererPath = path.join(options.distMainDir, '..', 'renderer', 'index.html');
  const rendererUrl = pathToFileURL(rendererPath).href;
  const iconPath = path.join(app.getAppPath(), 'resources', 'icon.png');
  const caseInsensitive = options.platform === 'win32';
  let mainWindow: BrowserWindow | null = null;
  let runtime: Runtime | null = null;
  /** Windows we created; IPC from any other webContents is ignored. */
  const ownContents = new Set<number>();
  /** One API session per renderer document: replaced on reload, closed (cancelling its calls) when the window goes. */
  const sessions = new Map<number, Session>();

  const dropSession = (contentsId: number) => {
    sessions.get(contentsId)?.close();
    sessions.delete(contentsId);
  };

  const sessionFor = (contents: WebContents, live: Runtime): Session => {
    const existing = sessions.get(contents.id);
    if (existing) return existing;
    // Once closed, a session stays silent: the next document must not get the old one's results or "cancelled" errors.
    let open = true;
    const inner = createSession(live.dispatcher, (msg) => {
      if (open && !contents.isDestroyed()) contents.send(API_CHANNEL, msg);
    });
    const created: Session = {
      handle: (raw) => inner.handle(raw),
      close: () => {
        open = false;
        inner.close();
      },
    };
    sessions.set(contents.id, created);
    return created;
  };

  const showAbout = () => {
    if (!mainWindow || mainWindow.isDestroyed()) return;
    const versions = process.versions as NodeJS.ProcessVersions & { electron?: string; chrome?: string };
    void dialog.showMessageBox(mainWindow, {
      type: 'info',
      title: `About ${appName}`,
      message: `${appName} ${appVersion}`,
      detail: [
        `Code version: ${codeVersion}`,
        `Electron ${versions.electron ?? '?'} · Chromium ${versions.chrome ?? '?'} · Node ${versions.node}`,
        `Data folder: ${dataDir}`,
        `Database: ${databasePath}`,
      ].join('\n'),
      buttons: ['OK'],
    });
  };

  const createWindow = (): BrowserWindow => {
    const win = new BrowserWindow(
      windowOptions({
        preloadPath,
        title: appName,
        devTools: !app.isPackaged,
        icon: fs.existsSync(iconPath) ? iconPath : undefined,
      }),
    );
    const contents = win.webContents;
    const contentsId = contents.id;
    ownContents.add(contentsId);
    contents.on('did-start-navigation', (event, _url, isInPlace, isMainFrame) => {
      // A reload or any new document in the main frame: the old page's calls are cancelled and its ids forgotten.
      const mainFrame = event.isMainFrame ?? isMainFrame ?? true;
      const sameDocument = event.isSameDocument ?? isInPlace ?? false;
      if (mainFrame && !sameDocument) dropSession(contentsId);
    });
    contents.once('destroyed', () => {
      dropSession(contentsId);
      ownContents.delete(contentsId);
    });
    win.once('ready-to-show', () => win.show());
    win.on('closed', () => {
      if (mainWindow === win) mainWindow = null;
    });
    win.loadFile(rendererPath).catch((err: unknown) => {
      dialog.showErrorBox(
        `${appName} cannot show its window`,
        `The user interface could not be loaded from ${rendererPath} (${(err as Error).message}). Run "npm run build" and start again.`,
      );
    });
    return win;
  };

  const focusMainWindow = () => {
    if (!runtime) return;
    if (!mainWindow || mainWindow.isDestroyed()) {
      mainWindow = createWindow();
      return;
    }
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  };

  app.on('second-instance', (_event, _argv, _cwd, additionalData) => {
    focusMainWindow();
    const requested = (additionalData as InstanceData | null)?.databasePath;
    if (typeof requested === 'string' && requested !== databasePath && mainWindow) {
      void dialog.showMessageBox(mainWindow, {
        type: 'warning',
        title: appName,
        message: `${appName} is already running with the database ${databasePath}.`,
        detail: `To open ${requested}, quit the running app first, or start the other copy with CXR_STUDIO_HOME set to a different data folder.`,
        buttons: ['OK'],
      });
    }
  });

  // Every webContents (windows, and anything else Chromium might create) is locked to our page.
  app.on('web-contents-created', (_event, contents) => {
    const guard = (event: { preventDefault(): void; url?: string }, url?: string) => {
      const target = url ?? event.url ?? '';
      if (!isAllowedNavigation(target, rendererUrl, caseInsensitive)) {
        event.preventDefault();
        log(`Blocked navigation to ${target}`);
      }
    };
    contents.on('will-navigate', guard);
    contents.on('will-redirect', guard);
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      const external = externalUrlToOpen(url);
      if (external) void shell.openExternal(external);
      else log(`Blocked a new window for ${url}`);
      return { action: 'deny' };
    });
  });

  // Must happen before 'ready': pixels and thumbnails are fetched from cxr-media:// like from any origin.
  protocol.registerSchemesAsPrivileged([{ scheme: MEDIA_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true, corsEnabled: true } }]);
  await app.whenReady();

  try {
    runtime = createRuntime({ databasePath, dataDir, host: 'electron', backend: args.backend });
  } catch (err) {
    // The message already says what is wrong (locked, read-only, damaged, newer version) and what to do.
    dialog.showErrorBox(`${appName} cannot open its database`, toApiError(err).message);
    app.exit(1);
    return null;
  }
  const live = runtime;
  // Detect the compute backend now, so the status bar has it by the time the window shows.
  live.backend().catch((err: unknown) => log(`Compute backend detection failed: ${(err as Error).message}`));

  protocol.handle(MEDIA_SCHEME, (request) => mediaResponse(live, request));
  const { defaultSession } = session;
  defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withContentSecurityPolicy(details.url, details.responseHeaders) });
  });
  // The app needs no camera, microphone, notifications, geolocation, …: refuse every request and check.
  defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  defaultSession.setPermissionCheckHandler(() => false);

  Menu.setApplicationMenu(
    Menu.buildFromTemplate(menuTemplate({ platform: options.platform, isPackaged: app.isPackaged, appName, onAbout: showAbout })),
  );

  ipcMain.on(API_CHANNEL, (event, msg) => {
    const { sender } = event;
    if (!ownContents.has(sender.id) || !isTrustedSender(event.senderFrame, rendererUrl, caseInsensitive)) {
      log(`Ignored an API message from an untrusted frame (${event.senderFrame?.url ?? 'gone'})`);
      return;
    }
    sessionFor(sender, live).handle(msg);
  });

  app.on('window-all-closed', () => {
    if (options.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (!mainWindow || mainWindow.isDestroyed()) mainWindow = createWindow();
  });
  let closed = false;
  app.on('will-quit', (event) => {
    if (closed) return;
    // Jobs and import workers wind down asynchronously; quit for real once the database is closed.
    event.preventDefault();
    for (const id of [...sessions.keys()]) dropSession(id);
    void live.close().finally(() => {
      closed = true;
      app.quit();
    });
  });

  mainWindow = createWindow();

  return {
    runtime: live,
    dataDir,
    databasePath,
    rendererUrl,
    mainWindow: () => mainWindow,
  };
}
