/**
 * Child processes of the local stack: spawned in their own process group (so a stop reaches
 * grandchildren too), output passed on line by line, and killed if this process exits first.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, WriteStream } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';

export const REPO_ROOT = join(__dirname, '..');

export type LineSink = (line: string) => void;

export interface SpawnOptions {
  args?: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Receives every output line; default: printed with a `[name]` prefix. */
  onLine?: LineSink;
  /** Also (or instead, with `onLine: () => {}`) append the raw output to this file. */
  logFile?: string;
  /** Keep stdin open as a pipe: a child can watch it to notice that its parent died. */
  stdinPipe?: boolean;
  /** Send the polite signal to the child only, which stops its own children (SIGKILL still
   * goes to the whole group). */
  politeToChildOnly?: boolean;
}

export interface ManagedProcess {
  readonly name: string;
  readonly child: ChildProcess;
  /** Resolves with the exit code (or the signal name) once the process has exited. */
  readonly exited: Promise<number | string>;
  isRunning(): boolean;
  /** Last output lines, for error messages. */
  tail(): string;
  /** Sends `signal` to the process group, then SIGKILL after `graceMs`; resolves on exit. */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<void>;
  /** Sends `signal` the way stop() does, without waiting. */
  politeSignal(signal: NodeJS.Signals): void;
}

const TAIL_LINES = 40;
const live = new Set<ManagedProcess>();
let exitHookInstalled = false;

export function prefixedConsole(name: string): LineSink {
  return (line) => console.log(`[${name}] ${line}`);
}

/** Spawns `command` and manages it; see {@link ManagedProcess}. */
export function spawnManaged(
  name: string,
  command: string,
  args: string[],
  opts: SpawnOptions = {},
): ManagedProcess {
  installExitHook();
  const child = spawn(command, args, {
    cwd: opts.cwd ?? REPO_ROOT,
    env: opts.env ?? process.env,
    stdio: [opts.stdinPipe ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const tail: string[] = [];
  const sink = opts.onLine ?? prefixedConsole(name);
  const file = opts.logFile ? openLog(opts.logFile) : undefined;
  const onLine = (line: string) => {
    tail.push(line);
    if (tail.length > TAIL_LINES) tail.shift();
    sink(line);
  };
  pipeLines(child, onLine, file);
  let running = true;
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => {
      running = false;
      live.delete(managed);
      file?.end();
      resolve(code ?? signal ?? 'unknown');
    });
    child.once('error', (err) => {
      running = false;
      live.delete(managed);
      onLine(`spawn failed: ${err.message}`);
      resolve('spawn-error');
    });
  });
  const managed: ManagedProcess = {
    name,
    child,
    exited,
    isRunning: () => running,
    tail: () => tail.join('\n'),
    stop: (signal = 'SIGTERM', graceMs = 10_000) => stopProcess(managed, signal, graceMs),
    politeSignal: (signal) => signalProcess(child, signal, !opts.politeToChildOnly),
  };
  live.add(managed);
  return managed;
}

/**
 * Runs a TypeScript entry point in a single Node process. SWC, not tsx: Nest's dependency
 * injection and validation need the decorator metadata that esbuild does not emit.
 */
export function spawnTs(name: string, entry: string, opts: SpawnOptions = {}): ManagedProcess {
  const args = ['-r', '@swc-node/register', entry, ...(opts.args ?? [])];
  return spawnManaged(name, process.execPath, args, opts);
}

async function stopProcess(p: ManagedProcess, signal: NodeJS.Signals, graceMs: number) {
  if (!p.isRunning()) return;
  if (signal === 'SIGKILL') signalProcess(p.child, signal, true);
  else p.politeSignal(signal);
  const timer = setTimeout(() => signalProcess(p.child, 'SIGKILL', true), graceMs);
  try {
    await p.exited;
  } finally {
    clearTimeout(timer);
  }
}

function signalProcess(child: ChildProcess, signal: NodeJS.Signals, group: boolean) {
  if (child.pid === undefined) return;
  try {
    process.kill(group ? -child.pid : child.pid, signal);
  } catch {
    // Already gone.
  }
}

function openLog(path: string): WriteStream {
  mkdirSync(dirname(path), { recursive: true });
  return createWriteStream(path, { flags: 'a' });
}

function pipeLines(child: ChildProcess, onLine: LineSink, file?: WriteStream) {
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    if (file) stream.on('data', (chunk: Buffer) => file.write(chunk));
    createInterface({ input: stream }).on('line', onLine);
  }
}

/** If this process exits without stopping its children, they must not outlive it. */
function installExitHook() {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const p of live) p.politeSignal('SIGTERM');
  });
}
