/**
 * .env.example names every environment variable the code reads (src/, scripts/, activities/,
 * sedna-sim/), each with a comment line above it, and the required ones are marked.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  DEPRECATED_TEMPORAL_VARIABLES,
  TEMPORAL_ENV_VARIABLES,
} from '../../src/temporal/connection-options';

const ROOT = join(__dirname, '../..');
const DIRS = ['src', 'scripts', 'activities', 'sedna-sim'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** `process.env.X`, `process.env['X']`, and the config helpers' `integer('X', …)` forms. */
const PATTERNS = [
  /process\.env\.([A-Z][A-Z0-9_]+)/g,
  /process\.env\[['"]([A-Z][A-Z0-9_]+)['"]\]/g,
  /\b(?:required|integer|optionalInteger)\('([A-Z][A-Z0-9_]+)'/g,
  /\bvalue\(env, '([A-Z][A-Z0-9_]+)'\)/g,
  /\benv\.([A-Z][A-Z0-9_]+)\b(?!\s*[:=?])/g,
];
/** Set by the scripts for the processes they start, or by the test harness: not configuration. */
const NOT_READ = new Set(['NODE_OPTIONS', 'PATH', 'HOME', 'CI']);

function variablesRead(): string[] {
  const names = new Set<string>();
  for (const file of DIRS.flatMap((dir) => sourceFiles(join(ROOT, dir)))) {
    const text = readFileSync(file, 'utf8');
    for (const pattern of PATTERNS) {
      for (const match of text.matchAll(pattern)) names.add(match[1]);
    }
  }
  // Temporal's connection variables, read through @temporalio/envconfig.
  for (const name of [...TEMPORAL_ENV_VARIABLES, ...Object.keys(DEPRECATED_TEMPORAL_VARIABLES)])
    names.add(name);
  return [...names].filter((name) => !NOT_READ.has(name)).sort();
}

describe('.env.example', () => {
  const lines = readFileSync(join(ROOT, '.env.example'), 'utf8').split('\n');
  const listed = new Map<string, number>();
  lines.forEach((line, i) => {
    const match = /^(?:# )?([A-Z][A-Z0-9_]+)=/.exec(line);
    if (match) listed.set(match[1], i);
  });

  it('lists every variable the code reads', () => {
    const read = variablesRead();
    expect(read).toEqual(
      expect.arrayContaining(['DATABASE_URL', 'JWT_SECRET', 'TEMPORAL_ADDRESS']),
    );
    expect(read.filter((name) => !listed.has(name))).toEqual([]);
  });

  it('comments each variable (or pair of variables) on the line above it', () => {
    const isVariable = (line: string) => /^(?:# )?[A-Z][A-Z0-9_]+=/.test(line);
    const bare = [...listed].filter(([, i]) => {
      let above = i - 1;
      while (above >= 0 && isVariable(lines[above]) && i - above < 2) above -= 1;
      return !/^# \S/.test(lines[above] ?? '') || isVariable(lines[above]);
    });
    expect(bare.map(([name]) => name)).toEqual([]);
  });

  it('marks the required ones and gives them placeholders, no real secrets', () => {
    for (const name of ['DATABASE_URL', 'JWT_SECRET', 'SETTINGS_ENCRYPTION_KEY']) {
      const at = listed.get(name) as number;
      const comments = lines.slice(Math.max(0, at - 3), at).join('\n');
      expect(comments).toMatch(/REQUIRED/);
      expect(lines[at]).toMatch(/change-me|replace-with/);
    }
  });
});
