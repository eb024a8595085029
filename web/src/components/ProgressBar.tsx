interface Props {
  percent: number;
  label: string;
  /** What a screen reader says instead of the bare percentage, e.g. "7 of 12 items". */
  valueText: string;
  tone?: 'running' | 'done' | 'warning';
}

const FILL: Record<NonNullable<Props['tone']>, string> = {
  running: 'bg-sky-600',
  done: 'bg-emerald-600',
  warning: 'bg-amber-500',
};

export function ProgressBar({ percent, label, valueText, tone = 'running' }: Props) {
  const value = Math.max(0, Math.min(100, Math.round(percent)));
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={value}
      aria-valuetext={`${value} % (${valueText})`}
      className="h-3 w-full overflow-hidden rounded-full bg-slate-200"
    >
      <div
        className={`h-full rounded-full transition-[width] duration-300 ${FILL[tone]}`}
        style={{ width: `${value}%` }}
      />
    </div>
  );
}
