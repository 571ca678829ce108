// `verdict studio`: serves the browser studio over a workspace folder until Ctrl+C.

import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { str, UsageError, type CommandSpec } from '../args.js';

/** A fixed default keeps the studio's address (and the browser's per-origin storage) the same between runs. */
const DEFAULT_PORT = 4680;

export const studio: CommandSpec = {
  name: 'studio',
  usage: 'verdict studio [DIR] [--port N] [--no-open]',
  summary: 'Open the studio on a workspace folder (default: samples/).',
  details: [
    'Serves the studio on 127.0.0.1 only and keeps running until Ctrl+C. The app is built first when',
    'dist/studio/ is missing or older than its sources. Saved versions are kept in DIR/.verdict/studio.duckdb.',
    '',
    'Examples:',
    '  verdict studio',
    '  verdict studio ~/policies --port 8080 --no-open',
  ].join('\n'),
  options: {
    port: { type: 'string', value: 'N', help: `Port on 127.0.0.1 (default ${DEFAULT_PORT}, or any free one when taken; 0 = any free port)` },
    'no-open': { type: 'boolean', help: 'Do not open a browser' },
  },
  async run(args, io) {
    const [dirArg, ...rest] = args.positionals;
    if (rest.length) throw new UsageError('studio takes at most one DIR. Run `verdict studio --help` for usage.');
    const portArg = str(args.values.port);
    if (portArg !== undefined && !/^\d{1,5}$/.test(portArg)) throw new UsageError(`--port takes a number from 0 to 65535, not ${JSON.stringify(portArg)}`);
    const port = portArg === undefined ? DEFAULT_PORT : Number(portArg);
    if (port > 65535) throw new UsageError(`--port takes a number from 0 to 65535, not ${port}`);

    // Loaded here so that the other commands never load the server (or DuckDB through it).
    const { startStudio, packageRoot } = await import('../../studio/server/index.js');
    const root = packageRoot();
    const dir = workspaceDir(dirArg, io.cwd, root);
    await buildAppWhenStale(root);

    let server;
    try {
      server = await startStudio({ dir: dir.path, port });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE' && portArg === undefined) server = await startStudio({ dir: dir.path, port: 0 });
      else if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new UsageError(`port ${port} is in use; pick another with --port, or --port 0 for any free one`, 1);
      else throw new UsageError((e as Error).message, 1);
    }
    io.stdout(`Verdict studio: ${server.url} (workspace ${dir.shown})\n`);
    io.stderr('Press Ctrl+C to stop.\n');
    if (!args.values['no-open']) openBrowser(server.url);

    const stopped = new Promise<'signal'>((done) => {
      const stop = () => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        done('signal');
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    const failed = server.ready.then(
      () => new Promise<never>(() => undefined),
      (e: Error) => e,
    );
    const outcome = await Promise.race([stopped, failed]);
    await server.close();
    if (outcome instanceof Error) {
      io.stderr(`verdict studio: ${outcome.message}\n`);
      return 1;
    }
    return 0;
  },
};

function workspaceDir(dirArg: string | undefined, cwd: string, root: string): { path: string; shown: string } {
  if (dirArg !== undefined) {
    const path = resolve(cwd, dirArg);
    if (!existsSync(path)) throw new UsageError(`the workspace ${dirArg} does not exist`);
    if (!statSync(path).isDirectory()) throw new UsageError(`the workspace ${dirArg} is not a folder`);
    return { path, shown: dirArg };
  }
  const here = resolve(cwd, 'samples');
  if (existsSync(here) && statSync(here).isDirectory()) return { path: here, shown: 'samples/' };
  // Run from elsewhere: the samples that ship with Verdict.
  const own = join(root, 'samples');
  const rel = relative(cwd, own);
  return { path: own, shown: rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : own };
}

async function buildAppWhenStale(root: string): Promise<void> {
  const script = join(root, 'scripts', 'build-studio.mjs');
  const index = join(root, 'dist', 'studio', 'index.html');
  if (!existsSync(script)) {
    if (!existsSync(index)) throw new UsageError(`the studio app is not built (${index} is missing) and this copy of Verdict cannot build it`, 1);
    return;
  }
  const { studioBuildState } = (await import(pathToFileURL(script).href)) as { studioBuildState: () => { needed: boolean; missing?: boolean; reason: string } };
  const state = studioBuildState();
  if (state.missing) throw new UsageError(`cannot start the studio: ${state.reason}`, 1);
  if (!state.needed) return;
  // A separate process: Vite and its bundler stay out of the long-running server's memory.
  const code = await new Promise<number | null>((done, fail) => {
    const child = spawn(process.execPath, [script], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', fail);
    child.on('exit', (c) => done(c));
  });
  if (code !== 0) throw new UsageError(`building the studio app failed (${script} exited with ${code}); the messages above say why`, 1);
}

function openBrowser(url: string): void {
  const command =
    process.platform === 'darwin'
      ? ['open', url]
      : process.platform === 'win32'
        ? ['cmd', '/c', 'start', '""', url]
        : process.env.DISPLAY || process.env.WAYLAND_DISPLAY
          ? ['xdg-open', url]
          : undefined; // no desktop session (SSH, container): the printed URL is the way in
  if (!command) return;
  const child = spawn(command[0], command.slice(1), { detached: true, stdio: 'ignore' });
  child.on('error', () => undefined);
  child.unref();
}
