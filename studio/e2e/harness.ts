// The studio's browser-test harness: a copy of a workspace in a temp folder, the studio server on a free
// port, and Debian's Chromium driven by playwright-core, with the network cut off.
//
//   beforeAll(ensureStudioBuilt, 300_000);        // once per file: builds dist/studio/ when missing or stale
//   it('...', async () => {
//     const { page, url, dir } = await openStudio({ files: { 'a.policy': '...' } });
//     ...                                          // no close(): it runs when the test ends
//   });
//
// Inside a test, the session closes itself when the test ends, after saving test-results/<test>.png
// (and a .log of page errors and console output) when the test failed. Outside a test (a bench), call
// close(). A request to anything but 127.0.0.1/localhost is refused, and fails the test when it ends.

import { spawn } from 'node:child_process';
import { cpSync, createReadStream, existsSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { onTestFinished } from 'vitest';
import { startStudio } from '../server/index.js';
import { packageRoot } from '../server/root.js';

// The package root, found by walking up to package.json: right from the sources and from a bundle.
export const ROOT = packageRoot();
export const CHROMIUM = '/usr/bin/chromium';
export const RESULTS_DIR = join(ROOT, 'test-results');

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // A second wall behind page.route: no host name resolves except localhost.
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
];

export interface OpenStudioOptions {
  /** The workspace's files, by workspace-relative path. Written over the copy when copyOf is given too. */
  files?: Record<string, string>;
  /** A folder to copy as the workspace (default: samples/, its datasets cut to their first lines). */
  copyOf?: string;
  /** The built app to serve (default: dist/studio/, built when missing or stale). */
  appDir?: string;
  /** Where the page starts, relative to the studio's URL (default: the app's index). */
  path?: string;
}

export interface StudioSession {
  page: Page;
  context: BrowserContext;
  /** The studio's URL, `http://127.0.0.1:PORT/`. */
  url: string;
  /** The workspace folder (a temp copy). */
  dir: string;
  /** Non-loopback requests the page attempted (each refused). */
  blocked: string[];
  /** Uncaught page errors, console errors and the server's internal errors, in order. */
  errors: string[];
  /** Closes the browser and the server and deletes the temp folder; throws when the page tried the network. */
  close(): Promise<void>;
}

export function chromiumPath(path = CHROMIUM): string {
  if (!existsSync(path)) {
    throw new Error(
      `The studio's browser tests drive Debian's Chromium, and ${path} is missing. Install it with:\n` +
        '  apt-get update && apt-get install -y --no-install-recommends chromium\n' +
        '(as root, or with sudo). .ci/run does this on CI.',
    );
  }
  return path;
}

let built: Promise<void> | undefined;

/**
 * Builds dist/studio/ when it is missing or older than its sources (a no-op otherwise), once per test
 * process. Give it a long timeout: `beforeAll(ensureStudioBuilt, 300_000)`.
 */
export function ensureStudioBuilt(): Promise<void> {
  built ??= buildWhenStale();
  built.catch(() => (built = undefined));
  return built;
}

async function buildWhenStale(): Promise<void> {
  const script = join(ROOT, 'scripts', 'build-studio.mjs');
  let output = '';
  const code = await new Promise<number | null>((done, fail) => {
    const child = spawn(process.execPath, [script], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (b: Buffer) => void (output += b));
    child.stderr.on('data', (b: Buffer) => void (output += b));
    child.on('error', fail);
    child.on('exit', done);
  });
  if (code !== 0) throw new Error(`building the studio app failed:\n${output}`);
  if (!existsSync(join(ROOT, 'dist', 'studio', 'index.html'))) throw new Error(`the studio app is not built and cannot be: ${output.trim() || 'studio/app/ has no index.html'}`);
}

export async function openStudio(options: OpenStudioOptions = {}): Promise<StudioSession> {
  const executablePath = chromiumPath();
  if (!options.appDir) await ensureStudioBuilt();
  const temp = realpathSync(mkdtempSync(join(tmpdir(), 'verdict-studio-e2e-')));
  const dir = join(temp, 'workspace');
  const blocked: string[] = [];
  const errors: string[] = [];
  const log: string[] = [];
  let studio: Awaited<ReturnType<typeof startStudio>> | undefined;
  let context: BrowserContext | undefined;
  try {
    await makeWorkspace(dir, options);
    studio = await startStudio({ dir, port: 0, appDir: options.appDir, log: (line) => void errors.push(`server: ${line}`) });
    context = await chromium.launchPersistentContext(join(temp, 'profile'), {
      executablePath,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1280, height: 800 },
      serviceWorkers: 'block',
    });
  } catch (e) {
    await context?.close().catch(() => undefined);
    await studio?.close().catch(() => undefined);
    rmSync(temp, { recursive: true, force: true });
    throw e;
  }

  const local = (url: string): boolean => {
    const { protocol, hostname } = new URL(url);
    if (protocol === 'data:' || protocol === 'blob:' || protocol === 'about:') return true;
    return hostname === '127.0.0.1' || hostname === 'localhost';
  };
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (local(url)) return route.continue();
    blocked.push(url);
    return route.abort('blockedbyclient');
  });
  await context.routeWebSocket(/.*/, (ws) => {
    if (local(ws.url())) return ws.connectToServer();
    blocked.push(ws.url());
    return ws.close();
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (e) => {
    errors.push(`pageerror: ${e.message}`);
    log.push(`pageerror: ${e.stack ?? e.message}`);
  });
  page.on('console', (m) => {
    log.push(`console.${m.type()}: ${m.text()}`);
    if (m.type() === 'error') errors.push(`console.error: ${m.text()}`);
  });

  let closing: Promise<void> | undefined;
  const session: StudioSession = {
    page,
    context,
    url: studio.url,
    dir,
    blocked,
    errors,
    close() {
      closing ??= (async () => {
        await context!.close().catch(() => undefined);
        await studio!.close();
        rmSync(temp, { recursive: true, force: true });
        if (blocked.length) throw new Error(`the page tried to reach the network (refused; the studio must work offline):\n  ${blocked.join('\n  ')}`);
      })();
      return closing;
    },
  };

  let inTest = true;
  try {
    onTestFinished(async ({ task }) => {
      if (task.result?.state === 'fail') await keepEvidence(task.fullName, page, log, blocked);
      // When the test closed the session itself, it has seen the outcome already.
      if (closing) await closing.catch(() => undefined);
      else await session.close();
    }, 30_000);
  } catch {
    // Not inside a test (a bench or a beforeAll): the caller closes.
    inTest = false;
  }

  try {
    await page.goto(new URL(options.path ?? '/', studio.url).href);
  } catch (e) {
    if (!inTest) await session.close().catch(() => undefined);
    throw e;
  }
  return session;
}

async function keepEvidence(testName: string, page: Page, log: string[], blocked: string[]): Promise<void> {
  const base = join(RESULTS_DIR, testName.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 120) || 'test');
  mkdirSync(RESULTS_DIR, { recursive: true });
  await page.screenshot({ path: `${base}.png`, fullPage: true, timeout: 10_000 }).catch((e: Error) => log.push(`(no screenshot: ${e.message})`));
  const lines = [`url: ${page.url()}`, ...blocked.map((u) => `blocked: ${u}`), ...log];
  writeFileSync(`${base}.log`, `${lines.join('\n')}\n`);
}

/** Only the first lines of each sample dataset: enough to list and preview, cheap to copy. */
const DATASET_LINES = 50;

async function makeWorkspace(dir: string, options: OpenStudioOptions): Promise<void> {
  mkdirSync(dir, { recursive: true });
  if (options.copyOf || !options.files) {
    const source = options.copyOf ?? join(ROOT, 'samples');
    cpSync(source, dir, {
      recursive: true,
      filter: (from) => {
        const name = from.slice(from.lastIndexOf('/') + 1);
        return name !== '.verdict' && name !== 'node_modules' && !name.includes('.large.') && !isBulkDataset(from);
      },
    });
    if (!options.copyOf) await cutDatasets(join(source, 'data'), join(dir, 'data'));
  }
  for (const [path, text] of Object.entries(options.files ?? {})) {
    const file = join(dir, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
}

const isBulkDataset = (path: string): boolean => /\.(jsonl|csv)$/.test(path) && statSync(path).size > 256 * 1024;

async function cutDatasets(from: string, to: string): Promise<void> {
  if (!existsSync(from)) return;
  mkdirSync(to, { recursive: true });
  for (const name of readdirSync(from)) {
    const path = join(from, name);
    if (name.includes('.large.') || !isBulkDataset(path)) continue;
    const lines: string[] = [];
    const input = createReadStream(path);
    const reader = createInterface({ input, crlfDelay: Infinity });
    for await (const line of reader) {
      lines.push(line);
      if (lines.length >= DATASET_LINES) break;
    }
    reader.close();
    input.destroy();
    writeFileSync(join(to, name), `${lines.join('\n')}\n`);
  }
}

export interface StartTiming {
  /** `verdict studio` spawned → its URL printed. */
  urlMs: number;
  /** → the page's load event. */
  loadMs: number;
  /** → the page is usable: the workspace is listed and the editor is up. */
  usableMs: number;
  /** The app was rebuilt first (its sources changed): the figures include the build. */
  rebuilt: boolean;
}

/**
 * Times `verdict studio` from the command to a usable page, the way `npm start` runs it, on a copy of the
 * samples. The browser is started beforehand (a user's browser is already running). Build first.
 */
export async function timeStudioStart(options: { usable?: string } = {}): Promise<StartTiming> {
  const usable = options.usable ?? '.monaco-editor';
  const temp = realpathSync(mkdtempSync(join(tmpdir(), 'verdict-studio-start-')));
  const dir = join(temp, 'workspace');
  await makeWorkspace(dir, {});
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  const page = await browser.newPage();
  const started = performance.now();
  const child = spawn(process.execPath, [join(ROOT, 'cli/bin/verdict.js'), 'studio', dir, '--no-open', '--port', '0'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr.on('data', (b: Buffer) => void (err += b));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (b: Buffer) => {
        out += b;
        const m = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
        if (m) resolve(m[1]);
      });
      child.on('exit', (code) => reject(new Error(`verdict studio exited with ${code} before printing its URL:\n${err}`)));
    });
    const urlMs = performance.now() - started;
    await page.goto(url);
    const loadMs = performance.now() - started;
    await page.getByText('application.policy', { exact: true }).first().waitFor({ state: 'visible', timeout: 30_000 });
    await page.locator(usable).first().waitFor({ state: 'visible', timeout: 30_000 });
    return { urlMs, loadMs, usableMs: performance.now() - started, rebuilt: err.includes('Building the studio app') };
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGINT');
    await exited;
    await browser.close();
    rmSync(temp, { recursive: true, force: true });
  }
}

