/**
 * The image, checked without a Docker engine (a CI step of .ci/run): follows the Dockerfile
 * instruction by instruction, each stage in a folder of its own standing for its file system
 * (`<tmp>/<stage>/`), then starts the image's CMD and docker-compose.yml's `migrate` and `worker`
 * commands from the last stage's folder, as the `node` user, on a throwaway PostgreSQL and
 * Temporal dev server, and waits for the API's /health and the worker's pollers.
 *
 * The Dockerfile is the one source of the steps: this script runs what it says (RUN through
 * /bin/sh, COPY with --from and --chown, WORKDIR, ENV, USER, CMD), and fails on an instruction
 * or a flag it does not know, on a base image whose Node major is not .node-version's, and on a
 * build context (the repository less .dockerignore) that would carry a `.env`.
 *
 * What it does not reproduce: the base image's own files (its Node is this one's, copied to
 * `/usr/local/bin/node` of each stage; RUN sees this machine's tools and npm cache) and
 * isolation (RUN runs on this machine, with the stage's folder as its working directory).
 *
 *   npx tsx scripts/check-image.ts [--keep]    (root: it creates the `node` user when missing)
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  copyFileSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, matchesGlob, posix } from 'node:path';
import { load } from 'js-yaml';
import { waitForHttp, waitForWorker } from './app-stack';
import { freePort, startPostgres, startTemporal } from './local-stack';
import { ManagedProcess, REPO_ROOT, spawnManaged } from './managed-process';

export interface Instruction {
  op: string;
  /** Everything after the instruction's name, continuation lines joined. */
  args: string;
  line: number;
}

export interface Stage {
  name: string;
  image: string;
  instructions: Instruction[];
}

/** The Dockerfile's stages and their instructions (comments and line continuations resolved). */
export function parseDockerfile(text: string): Stage[] {
  const stages: Stage[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const first = i + 1;
    let line = lines[i];
    if (/^\s*(#|$)/.test(line)) continue;
    while (line.trimEnd().endsWith('\\') && i + 1 < lines.length) {
      line = line.trimEnd().slice(0, -1);
      i++;
      if (!/^\s*#/.test(lines[i])) line += ' ' + lines[i].trim();
    }
    const match = /^\s*([A-Za-z]+)\s+(.*)$/.exec(line);
    if (!match) throw new Error(`Dockerfile:${first}: cannot read "${line}"`);
    const op = match[1].toUpperCase();
    const args = match[2].trim();
    if (op === 'FROM') {
      const from = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args);
      if (!from) throw new Error(`Dockerfile:${first}: cannot read FROM ${args}`);
      stages.push({ name: from[2] ?? String(stages.length), image: from[1], instructions: [] });
      continue;
    }
    if (!stages.length) throw new Error(`Dockerfile:${first}: ${op} before any FROM`);
    stages.at(-1)!.instructions.push({ op, args, line: first });
  }
  return stages;
}

/** The instructions this check follows, with the flags it follows for each. */
const FOLLOWED: Record<string, string[]> = {
  WORKDIR: [],
  ENV: [],
  USER: [],
  EXPOSE: [],
  CMD: [],
  RUN: [],
  COPY: ['from', 'chown'],
};

/** `--flag=value` options in front of an instruction's arguments, and the rest. */
function flags(ins: Instruction): [Record<string, string>, string] {
  const found: Record<string, string> = {};
  let rest = ins.args;
  for (
    let m = /^--([a-z-]+)(?:=(\S+))?\s+/.exec(rest);
    m;
    m = /^--([a-z-]+)(?:=(\S+))?\s+/.exec(rest)
  ) {
    if (!FOLLOWED[ins.op]?.includes(m[1]))
      fail(ins, `flag --${m[1]} is not followed by this check`);
    found[m[1]] = m[2] ?? '';
    rest = rest.slice(m[0].length);
  }
  return [found, rest];
}

const NODE_MAJOR = readFileSync(join(REPO_ROOT, '.node-version'), 'utf8').trim().split('.')[0];

/**
 * Fails, before anything runs, on what this check would not follow as Docker does: an
 * instruction or a flag it does not know, CMD in shell form, a base image whose Node major is not
 * .node-version's, a last stage without CMD or running as root.
 */
export function assertFollowed(stages: Stage[]): void {
  for (const stage of stages) {
    const tag = /^node:(\d+)[-.]/.exec(stage.image)?.[1];
    if (tag !== NODE_MAJOR) {
      throw new Error(
        `Dockerfile: stage ${stage.name} is FROM ${stage.image}; this check runs Node ${NODE_MAJOR} (.node-version)`,
      );
    }
    for (const ins of stage.instructions) {
      if (!FOLLOWED[ins.op])
        fail(ins, `the instruction ${ins.op} is not followed by scripts/check-image.ts: teach it`);
      flags(ins);
      if (ins.op === 'CMD' && !Array.isArray(JSON.parse(ins.args.startsWith('[') ? ins.args : '0')))
        fail(ins, 'only the exec form (a JSON array) is followed');
    }
  }
  const last = stages.at(-1);
  if (!last?.instructions.some((i) => i.op === 'CMD'))
    throw new Error('Dockerfile: the last stage has no CMD');
  const user = last.instructions.filter((i) => i.op === 'USER').at(-1)?.args ?? 'root';
  if (user === 'root') throw new Error('Dockerfile: the image runs as root');
}

/** ENV's `KEY=value …` pairs (values may be quoted), or the older `ENV KEY value`. */
export function parseEnv(args: string): Record<string, string> {
  const env: Record<string, string> = {};
  if (!/^[A-Za-z_][A-Za-z0-9_]*=/.test(args)) {
    const [key, ...value] = args.split(/\s+/);
    env[key] = value.join(' ');
    return env;
  }
  const pair = /([A-Za-z_][A-Za-z0-9_]*)=("(?:[^"\\]|\\.)*"|'[^']*'|\S*)\s*/y;
  for (let m = pair.exec(args); m; m = pair.exec(args)) {
    const raw = m[2];
    env[m[1]] = /^["']/.test(raw) ? raw.slice(1, -1).replace(/\\(.)/g, '$1') : raw;
    if (pair.lastIndex >= args.length) break;
  }
  return env;
}

function fail(ins: Instruction, message: string): never {
  throw new Error(`Dockerfile:${ins.line}: ${ins.op} ${ins.args}\n  ${message}`);
}

/** .dockerignore's patterns (exceptions with `!` are not followed: the check fails on one). */
export function readDockerignore(text: string): string[] {
  const patterns = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((p) => p.replace(/^\/+/, '').replace(/\/+$/, ''));
  const exception = patterns.find((p) => p.startsWith('!'));
  if (exception) throw new Error(`.dockerignore: exceptions (${exception}) are not followed`);
  return patterns;
}

export const ignored = (patterns: string[], path: string) =>
  patterns.some((p) => matchesGlob(path, p));

/** Copies the repository less .dockerignore's paths to `dest`: the build context. */
function copyContext(patterns: string[], dest: string, rel = ''): void {
  mkdirSync(join(dest, rel), { recursive: true });
  for (const name of readdirSync(join(REPO_ROOT, rel))) {
    const path = rel ? `${rel}/${name}` : name;
    if (ignored(patterns, path)) continue;
    const from = join(REPO_ROOT, path);
    const stat = lstatSync(from);
    if (stat.isDirectory()) copyContext(patterns, dest, path);
    else if (stat.isSymbolicLink()) symlinkSync(readlinkSync(from), join(dest, path));
    else copyFileSync(from, join(dest, path));
  }
}

interface UserIds {
  uid: number;
  gid: number;
}

/** The user's ids, creating the user (as the official image has `node`) when missing. */
function user(name: string): UserIds {
  const id = (flag: string) => Number(execFileSync('id', [flag, name]).toString().trim());
  if (spawnSync('id', [name]).status !== 0) {
    console.log(`check-image: creating the user ${name}`);
    execFileSync('useradd', ['--create-home', '--shell', '/bin/sh', name]);
  }
  return { uid: id('-u'), gid: id('-g') };
}

function chownTree(path: string, ids: UserIds): void {
  chownSync(path, ids.uid, ids.gid);
  if (lstatSync(path).isDirectory())
    for (const name of readdirSync(path)) chownTree(join(path, name), ids);
}

/** A stage's state as the instructions so far have left it. */
interface StageState {
  root: string;
  workdir: string;
  env: Record<string, string>;
  user: string;
  cmd?: string[];
  expose: number[];
}

/** The stage's own Node: this machine's, which must be the base image's major. */
function fromImage(root: string): void {
  if (process.versions.node.split('.')[0] !== NODE_MAJOR)
    throw new Error(`check-image: run me on Node ${NODE_MAJOR} (this is ${process.version})`);
  mkdirSync(join(root, 'usr/local/bin'), { recursive: true });
  copyFileSync(process.execPath, join(root, 'usr/local/bin/node'));
  chmodSync(join(root, 'usr/local/bin/node'), 0o755);
}

function stageEnv(state: StageState): NodeJS.ProcessEnv {
  return {
    ...process.env,
    ...state.env,
    PATH: `${join(state.root, 'usr/local/bin')}:${process.env.PATH}`,
  };
}

/** Runs one instruction in `state` (stages earlier in the file are in `done`). */
function apply(
  ins: Instruction,
  state: StageState,
  context: string,
  done: Map<string, StageState>,
): void {
  const inRoot = (path: string) => join(state.root, path);
  switch (ins.op) {
    case 'WORKDIR':
      state.workdir = posix.resolve(state.workdir, ins.args);
      mkdirSync(inRoot(state.workdir), { recursive: true });
      return;
    case 'ENV':
      Object.assign(state.env, parseEnv(ins.args));
      return;
    case 'USER':
      user(ins.args);
      state.user = ins.args;
      return;
    case 'EXPOSE':
      state.expose.push(...ins.args.split(/\s+/).map((p) => Number(p.split('/')[0])));
      return;
    case 'CMD':
      state.cmd = JSON.parse(ins.args) as string[];
      return;
    case 'RUN': {
      if (state.user !== 'root') fail(ins, 'RUN as a user other than root is not followed');
      console.log(`check-image: RUN ${ins.args}`);
      const started = Date.now();
      const run = spawnSync('/bin/sh', ['-c', ins.args], {
        cwd: inRoot(state.workdir),
        env: stageEnv(state),
        stdio: ['ignore', 'inherit', 'inherit'],
      });
      if (run.status !== 0) fail(ins, `exited with ${run.status ?? run.signal}`);
      console.log(`check-image: RUN took ${((Date.now() - started) / 1000).toFixed(0)} s`);
      return;
    }
    case 'COPY': {
      const [opts, rest] = flags(ins);
      const parts = rest.split(/\s+/);
      const destArg = parts.pop()!;
      const dest = posix.resolve(state.workdir, destArg);
      // A file goes into `dest` when it names a folder (a trailing slash, `.`, several sources).
      const intoFolder = /\/$|^\.$/.test(destArg) || parts.length > 1;
      const source = opts.from ? done.get(opts.from) : undefined;
      if (opts.from && !source) fail(ins, `no earlier stage ${opts.from}`);
      for (const src of parts) {
        if (/[*?[]/.test(src)) fail(ins, 'wildcards are not followed');
        const from = source
          ? join(source.root, posix.resolve(source.workdir, src))
          : join(context, src);
        if (!existsSync(from)) fail(ins, `${src} is not in the ${source ? 'stage' : 'context'}`);
        // A folder's contents go into `dest`, as Docker copies them.
        const to =
          intoFolder && !statSync(from).isDirectory()
            ? inRoot(posix.join(dest, posix.basename(src)))
            : inRoot(dest);
        mkdirSync(dirname(to), { recursive: true });
        cpSync(from, to, { recursive: true, verbatimSymlinks: true });
        if (opts.chown) chownTree(to, user(opts.chown.split(':')[0]));
      }
      return;
    }
    default:
      fail(ins, `the instruction ${ins.op} is not followed by scripts/check-image.ts: teach it`);
  }
}

/** docker-compose.yml's command for `service` (the image's other entry points). */
function composeCommand(service: string): string[] {
  const compose = load(readFileSync(join(REPO_ROOT, 'docker-compose.yml'), 'utf8')) as {
    services: Record<string, { command?: string[] }>;
  };
  const command = compose.services[service]?.command;
  if (!Array.isArray(command)) throw new Error(`docker-compose.yml: no command for ${service}`);
  return command;
}

/** Runs `command` in the image's folder as its user, with only the image's environment + `env`. */
function startInImage(
  name: string,
  image: StageState,
  command: string[],
  env: Record<string, string>,
  quiet = true,
): ManagedProcess {
  const [program, ...args] = command;
  const resolved = program.includes('/') ? program : join(image.root, 'usr/local/bin', program);
  if (!existsSync(resolved)) throw new Error(`${name}: ${program} is not in the image`);
  return spawnManaged(
    name,
    'setpriv',
    [`--reuid=${image.user}`, `--regid=${image.user}`, '--init-groups', resolved, ...args],
    {
      cwd: join(image.root, image.workdir),
      env: {
        PATH: `${join(image.root, 'usr/local/bin')}:/usr/bin:/bin`,
        HOME: `/home/${image.user}`,
        ...image.env,
        ...env,
      },
      // A process that fails shows its last lines (tail()) in the error.
      onLine: quiet ? () => undefined : undefined,
    },
  );
}

async function main(): Promise<void> {
  const keep = process.argv.includes('--keep');
  const started = Date.now();
  const dir = mkdtempSync(join(tmpdir(), 'check-image-'));
  // The `node` user walks into the image's folder.
  chmodSync(dir, 0o755);
  const stops: (() => Promise<unknown>)[] = [];
  try {
    const patterns = readDockerignore(readFileSync(join(REPO_ROOT, '.dockerignore'), 'utf8'));
    for (const secret of ['.env', 'web/.env'])
      if (!ignored(patterns, secret))
        throw new Error(`.dockerignore lets ${secret} into the image`);
    const context = join(dir, 'context');
    copyContext(patterns, context);
    console.log(
      `check-image: build context ready (${((Date.now() - started) / 1000).toFixed(0)} s)`,
    );

    const stages = parseDockerfile(readFileSync(join(REPO_ROOT, 'Dockerfile'), 'utf8'));
    assertFollowed(stages);
    const done = new Map<string, StageState>();
    for (const stage of stages) {
      const root = join(dir, stage.name);
      fromImage(root);
      const state: StageState = { root, workdir: '/', env: {}, user: 'root', expose: [] };
      console.log(`check-image: stage ${stage.name} (FROM ${stage.image})`);
      for (const ins of stage.instructions) apply(ins, state, context, done);
      done.set(stage.name, state);
    }
    const image = [...done.values()].at(-1)!;
    const cmd = image.cmd!;
    chmodSync(image.root, 0o755);

    // PostgreSQL and Temporal of the test infrastructure, for the image's processes.
    const [postgres, temporal] = await Promise.all([
      startPostgres({
        dataDir: join(dir, 'pg'),
        serverUrl: '',
        ephemeral: true,
        fresh: true,
        fast: true,
        logFile: join(dir, 'postgres.log'),
      }),
      startTemporal({ logFile: join(dir, 'temporal.log') }),
    ]);
    stops.push(
      () => postgres.stop(),
      () => temporal.stop(),
    );
    const apiPort = await freePort();
    const env = {
      DATABASE_URL: postgres.url,
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_NAMESPACE: 'default',
      JWT_SECRET: 'check-image-jwt-secret',
      SETTINGS_ENCRYPTION_KEY: 'check-image-settings-key',
    };
    const migrate = startInImage('migrate', image, composeCommand('migrate'), env, false);
    const code = await migrate.exited;
    if (code !== 0) throw new Error(`migrate exited with ${code}\n${migrate.tail()}`);

    // The CMD on a free port rather than EXPOSE's (which may be taken here).
    const api = startInImage('api', image, cmd, { ...env, PORT: String(apiPort) });
    const worker = startInImage('worker', image, composeCommand('worker'), env);
    stops.push(
      () => api.stop(),
      () => worker.stop(),
    );
    await Promise.all([
      waitForHttp(`http://127.0.0.1:${apiPort}/health`, api, (status) => status === 200),
      waitForWorker(temporal.address, worker),
    ]);
    const owner = statSync(join(image.root, image.workdir, 'dist')).uid;
    console.log(
      `check-image: the image's CMD (${cmd.join(' ')}) answers /health with 200 and its worker polls, as ${image.user} (uid ${owner}); ${((Date.now() - started) / 1000).toFixed(0)} s in all`,
    );
  } finally {
    for (const stop of stops.reverse()) await stop().catch((err: unknown) => console.error(err));
    if (keep) console.log(`check-image: kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    },
  );
}
