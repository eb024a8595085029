import { cardClass } from '../lib/ui';

export interface Stat {
  label: string;
  value: number | undefined;
  tone: 'sky' | 'violet' | 'red';
}

const ACCENTS: Record<Stat['tone'], string> = {
  sky: 'border-l-sky-600',
  violet: 'border-l-violet-600',
  red: 'border-l-red-600',
};

/** Counts at a glance; `undefined` while loading. */
export function StatsCards({ stats }: { stats: Stat[] }) {
  return (
    <dl className="grid grid-cols-3 gap-2 sm:gap-3">
      {stats.map((stat) => (
        <div
          key={stat.label}
          className={`${cardClass} flex flex-col justify-between border-l-4 px-3 py-2 sm:px-4 sm:py-3 ${ACCENTS[stat.tone]}`}
        >
          <dt className="text-xs text-slate-600 sm:text-sm">{stat.label}</dt>
          <dd
            className="mt-1 text-xl font-semibold tabular-nums sm:text-2xl"
            aria-busy={stat.value === undefined}
          >
            {stat.value ?? '…'}
          </dd>
        </div>
      ))}
    </dl>
  );
}
