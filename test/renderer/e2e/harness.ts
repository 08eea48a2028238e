import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { createRuntime, type Runtime } from '../../../app/runtime';
import { startWebHost, type WebHost } from '../../../main/web/host';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const RENDERER_DIR = path.join(repoRoot, 'dist', 'renderer');

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Browser tests are part of the suite: a machine without Chromium fails them loudly instead of skipping. */
export function assertPrerequisites(chromiumPath = CHROMIUM_PATH, rendererDir = RENDERER_DIR): void {
  if (!fs.existsSync(chromiumPath)) {
    throw new Error(
      `The browser tests need Debian's Chromium at ${chromiumPath}, which is missing. Install it with \`apt-get install -y chromium\` (CI does this in .ci/run).`,
    );
  }
  if (!fs.existsSync(path.join(rendererDir, 'index.html'))) {
    throw new Error(`The built renderer is missing at ${rendererDir}. Run \`npm run build\` first (\`npm test\` does it for you).`);
  }
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

export interface StudioOptions {
  readonly port?: number;
  readonly token?: string;
  /** Runs against the runtime before the host accepts connections. */
  readonly beforeListen?: (runtime: Runtime) => unknown;
}

/** What went over the page's WebSocket, parsed. */
export interface WireFrame {
  readonly direction: 'sent' | 'received';
  readonly message: { type: string; id: string; op?: string; error?: { code: string; message: string } };
}

/** The real web host and runtime on one database file, started in this process. */
export class Studio {
  private constructor(
    readonly databasePath: string,
    readonly runtime: Runtime,
    readonly host: WebHost,
  ) {}

  /** `port` and `token` let a test bring a host back where an open page expects it (reconnect). */
  static async start(databasePath: string, options: StudioOptions = {}): Promise<Studio> {
    const runtime = createRuntime({ databasePath, host: 'web' });
    try {
      await options.beforeListen?.(runtime);
      const host = await startWebHost({ runtime, staticDir: RENDERER_DIR, port: options.port, token: options.token });
      return new Studio(databasePath, runtime, host);
    } catch (err) {
      await runtime.close();
      throw err;
    }
  }

  async stop(): Promise<void> {
    try {
      await this.host.close();
    } finally {
      await this.runtime.close();
    }
  }
}

/** A temp folder for one test's database, and everything that must be closed when the test ends. */
export class TestBed {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cxr-e2e-'));
  readonly databasePath = path.join(this.dir, 'studio.sqlite');
  private readonly studios = new Set<Studio>();
  private readonly contexts = new Set<BrowserContext>();
  /** Console errors and uncaught page errors, so a test can assert the UI ran cleanly (e.g. no CSP violations). */
  readonly pageErrors: string[] = [];
  /** Every API message of every page, to check the protocol end to end (e.g. that a cancel really went out). */
  readonly wire: WireFrame[] = [];

  constructor(private readonly browser: Browser) {}

  async startStudio(options: StudioOptions = {}): Promise<Studio> {
    const studio = await Studio.start(this.databasePath, options);
    this.studios.add(studio);
    return studio;
  }

  async stopStudio(studio: Studio): Promise<void> {
    this.studios.delete(studio);
    await studio.stop();
  }

  /** A fresh browser profile (no cookies) on the host's tokenised URL, as a user opening the printed link. */
  async openPage(studio: Studio): Promise<Page> {
    const context = await this.browser.newContext({ viewport: { width: 1280, height: 800 } });
    this.contexts.add(context);
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (err) => this.pageErrors.push(`pageerror: ${err.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error') this.pageErrors.push(`console: ${msg.text()}`);
    });
    page.on('websocket', (ws) => {
      const record = (direction: WireFrame['direction']) => (frame: { payload: string | Buffer }) => {
        try {
          this.wire.push({ direction, message: JSON.parse(String(frame.payload)) as WireFrame['message'] });
        } catch {
          this.wire.push({ direction, message: { type: 'unparseable', id: '' } });
        }
      };
      ws.on('framesent', record('sent'));
      ws.on('framereceived', record('received'));
    });
    await page.goto(studio.host.url);
    return page;
  }

  async closePages(): Promise<void> {
    for (const context of [...this.contexts]) {
      this.contexts.delete(context);
      await context.close();
    }
  }

  async dispose(): Promise<void> {
    await this.closePages();
    for (const studio of [...this.studios]) await this.stopStudio(studio);
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** One browser per test file, a fresh TestBed (temp database, hosts, pages) per test. */
export function useTestBed(): () => TestBed {
  let browser: Browser | undefined;
  let bed: TestBed | undefined;
  beforeAll(async () => {
    assertPrerequisites();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(() => {
    bed = new TestBed(browser!);
  });
  afterEach(async () => {
    await bed?.dispose();
  });
  return () => bed!;
}
