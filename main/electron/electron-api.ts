/**
 * The small part of Electron's API that the main process and the preload use, typed structurally.
 *
 * Why not `import … from 'electron'` with the package's own typings? `electron` is an optional dependency: it is absent
 * where its download is blocked (then there are no typings at all), and present — with an `export =` declaration of
 * module 'electron' — where it installed (including `ELECTRON_SKIP_BINARY_DOWNLOAD=1` installs). An ambient
 * `declare module 'electron'` here would collide with that declaration, so typecheck could pass on one machine and fail
 * on the other. Instead the entries load the module with `require('electron')` (esbuild keeps it external) and type it
 * with these interfaces, which the real Electron 45 API satisfies. Type-only file: nothing here exists at run time.
 */

export interface PreventableEvent {
  preventDefault(): void;
}

export interface WebFrameMain {
  readonly url: string;
  readonly parent: WebFrameMain | null;
}

export interface IpcMainEvent {
  readonly sender: WebContents;
  /** Null when the frame has navigated away or been destroyed since it sent the message. */
  readonly senderFrame: WebFrameMain | null;
}

export interface NavigationEvent extends PreventableEvent {
  readonly url?: string;
  readonly isMainFrame?: boolean;
  readonly isSameDocument?: boolean;
}

export interface WindowOpenDetails {
  readonly url: string;
}

export interface WebContents {
  readonly id: number;
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
  on(event: 'will-navigate' | 'will-redirect', listener: (event: NavigationEvent, url?: string) => void): WebContents;
  on(event: 'did-start-navigation', listener: (event: NavigationEvent, url?: string, isInPlace?: boolean, isMainFrame?: boolean) => void): WebContents;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): WebContents;
  once(event: 'destroyed', listener: () => void): WebContents;
  setWindowOpenHandler(handler: (details: WindowOpenDetails) => { action: 'deny' }): void;
}

export interface WebPreferences {
  preload: string;
  contextIsolation: boolean;
  sandbox: boolean;
  nodeIntegration: boolean;
  nodeIntegrationInWorker: boolean;
  nodeIntegrationInSubFrames: boolean;
  webSecurity: boolean;
  allowRunningInsecureContent: boolean;
  webviewTag: boolean;
  experimentalFeatures: boolean;
  navigateOnDragDrop: boolean;
  spellcheck: boolean;
  devTools: boolean;
}

export interface BrowserWindowOptions {
  title: string;
  width: number;
  height: number;
  minWidth: number;
  minHeight: number;
  show: boolean;
  backgroundColor: string;
  icon?: string;
  webPreferences: WebPreferences;
}

export interface BrowserWindow {
  readonly webContents: WebContents;
  loadFile(file: string): Promise<void>;
  show(): void;
  focus(): void;
  restore(): void;
  isMinimized(): boolean;
  isDestroyed(): boolean;
  once(event: 'ready-to-show', listener: () => void): BrowserWindow;
  on(event: 'closed', listener: () => void): BrowserWindow;
}

export interface BrowserWindowConstructor {
  new (options: BrowserWindowOptions): BrowserWindow;
  getAllWindows(): BrowserWindow[];
}

export interface MenuItemOptions {
  label?: string;
  role?: 'appMenu' | 'quit' | 'reload' | 'toggleDevTools' | 'undo' | 'redo' | 'cut' | 'copy' | 'paste' | 'selectAll';
  type?: 'separator';
  submenu?: MenuItemOptions[];
  click?: () => void;
}

export type Menu = object;

export interface HeadersReceivedDetails {
  readonly url: string;
  readonly responseHeaders?: Record<string, string[]>;
}

export interface Session {
  readonly webRequest: {
    onHeadersReceived(
      listener: (details: HeadersReceivedDetails, callback: (response: { responseHeaders?: Record<string, string[]> }) => void) => void,
    ): void;
  };
  setPermissionRequestHandler(handler: (webContents: WebContents, permission: string, callback: (granted: boolean) => void) => void): void;
  setPermissionCheckHandler(handler: (webContents: WebContents | null, permission: string) => boolean): void;
}

export interface ElectronApp {
  readonly isPackaged: boolean;
  requestSingleInstanceLock(additionalData?: Record<string, unknown>): boolean;
  whenReady(): Promise<void>;
  quit(): void;
  exit(code?: number): void;
  getPath(name: 'appData' | 'userData'): string;
  setPath(name: 'userData', value: string): void;
  getAppPath(): string;
  on(event: 'second-instance', listener: (event: unknown, argv: string[], workingDirectory: string, additionalData: unknown) => void): ElectronApp;
  on(event: 'web-contents-created', listener: (event: unknown, contents: WebContents) => void): ElectronApp;
  on(event: 'window-all-closed' | 'activate', listener: () => void): ElectronApp;
  on(event: 'will-quit', listener: (event: PreventableEvent) => void): ElectronApp;
}

export interface MessageBoxOptions {
  type: 'info' | 'warning' | 'error';
  title: string;
  message: string;
  detail?: string;
  buttons?: string[];
}

/** What the main process takes from `require('electron')`. */
export interface Protocol {
  registerSchemesAsPrivileged(
    schemes: {
      scheme: string;
      privileges: { standard?: boolean; secure?: boolean; supportFetchAPI?: boolean; stream?: boolean; corsEnabled?: boolean };
    }[],
  ): void;
  handle(scheme: string, handler: (request: { readonly url: string; readonly method: string }) => Promise<Response>): void;
}

export interface ElectronMain {
  readonly protocol: Protocol;
  readonly app: ElectronApp;
  readonly BrowserWindow: BrowserWindowConstructor;
  readonly dialog: {
    showErrorBox(title: string, content: string): void;
    showMessageBox(window: BrowserWindow, options: MessageBoxOptions): Promise<unknown>;
  };
  readonly ipcMain: {
    on(channel: string, listener: (event: IpcMainEvent, ...args: unknown[]) => void): unknown;
  };
  readonly Menu: {
    buildFromTemplate(template: MenuItemOptions[]): Menu;
    setApplicationMenu(menu: Menu | null): void;
  };
  readonly session: { readonly defaultSession: Session };
  readonly shell: { openExternal(url: string): Promise<void> };
}

export type IpcRendererListener = (event: unknown, ...args: unknown[]) => void;

export interface IpcRenderer {
  send(channel: string, ...args: unknown[]): void;
  on(channel: string, listener: IpcRendererListener): unknown;
  removeListener(channel: string, listener: IpcRendererListener): unknown;
}

/** What the sandboxed preload takes from `require('electron')`. */
export interface ElectronRenderer {
  readonly contextBridge: { exposeInMainWorld(key: string, api: unknown): void };
  readonly ipcRenderer: IpcRenderer;
}
