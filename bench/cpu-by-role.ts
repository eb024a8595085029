/**
 * CPU seconds spent by each part of the stack (Linux /proc): where a section's time goes when
 * the machine's two cores are the limit. PostgreSQL's backends come and go with pooled
 * connections: what an exited backend spent moves into its postmaster's children's time, so the
 * role counts that too and a difference of two readings loses nothing (nor goes negative, as it
 * did when the skeleton's worker closed its pool). No other role's processes exit mid-section
 * (the skeleton's worker tells its own).
 */
import { readdirSync, readFileSync } from 'node:fs';

export const CPU_ROLES = ['temporal', 'postgres', 'worker', 'api', 'simulator', 'bench'] as const;
export type CpuRole = (typeof CPU_ROLES)[number];
export type CpuByRole = Record<CpuRole, number>;

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ, 100 on Linux). */
const TICKS = 100;

function roleOf(pid: number, comm: string, cmdline: string): CpuRole | undefined {
  if (pid === process.pid) return 'bench';
  if (
    comm === 'temporal' ||
    cmdline.includes('temporal-server') ||
    /\bserver start\b/.test(cmdline)
  )
    return 'temporal';
  if (comm === 'postgres') return 'postgres';
  if (/src\/worker\.(js|ts)\b/.test(cmdline)) return 'worker';
  if (/src\/main\.(js|ts)\b/.test(cmdline)) return 'api';
  if (cmdline.includes('sedna-sim')) return 'simulator';
  return undefined;
}

/** CPU seconds (user + system) so far of every live process of the stack, by role. */
export function cpuByRole(): CpuByRole {
  const total = Object.fromEntries(CPU_ROLES.map((r) => [r, 0])) as CpuByRole;
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const comm = stat.slice(stat.indexOf('(') + 1, close);
      const fields = stat.slice(close + 2).split(' ');
      // Fields 14–17 (utime, stime, cutime, cstime), counted from 1 with pid and comm as 1 and 2.
      const [utime, stime, cutime, cstime] = fields.slice(11, 15).map(Number);
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      const role = roleOf(pid, comm, cmdline);
      if (!role) continue;
      total[role] += (utime + stime + (role === 'postgres' ? cutime + cstime : 0)) / TICKS;
    } catch {
      // Gone between listing and reading.
    }
  }
  return total;
}

/** What each role spent between two readings, e.g. `temporal 41.2 · postgres 9.8 · …`. */
export function cpuSpent(before: CpuByRole, after: CpuByRole): string {
  return CPU_ROLES.map((r) => `${r} ${(after[r] - before[r]).toFixed(1)}`).join(' · ');
}
