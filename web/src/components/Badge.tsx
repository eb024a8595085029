import type { ReactNode } from 'react';
import type { EmailStatus, ItemOutcome, RunStatus } from '../api/types';
import { RUN_STATUS_LABELS } from '../lib/format';

type Tone = 'neutral' | 'info' | 'success' | 'warning' | 'danger';

const TONES: Record<Tone, string> = {
  neutral: 'bg-slate-100 text-slate-700 ring-slate-300',
  info: 'bg-sky-50 text-sky-800 ring-sky-300',
  success: 'bg-emerald-50 text-emerald-800 ring-emerald-300',
  warning: 'bg-amber-50 text-amber-900 ring-amber-300',
  danger: 'bg-red-50 text-red-800 ring-red-300',
};

export function Badge({ tone = 'neutral', children }: { tone?: Tone; children: ReactNode }) {
  return (
    <span
      className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset ${TONES[tone]}`}
    >
      {children}
    </span>
  );
}

const RUN_TONES: Record<RunStatus, Tone> = {
  running: 'info',
  completed: 'success',
  partial: 'warning',
  failed: 'danger',
  cancelled: 'neutral',
};

export function RunStatusBadge({ status }: { status: RunStatus }) {
  return <Badge tone={RUN_TONES[status]}>{RUN_STATUS_LABELS[status]}</Badge>;
}

const OUTCOME_TONES: Record<ItemOutcome, Tone> = {
  success: 'success',
  failed: 'danger',
  cancelled: 'neutral',
};

const OUTCOME_LABELS: Record<ItemOutcome, string> = {
  success: 'Synced',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

export function OutcomeBadge({ status }: { status: ItemOutcome }) {
  return <Badge tone={OUTCOME_TONES[status]}>{OUTCOME_LABELS[status]}</Badge>;
}

const EMAIL_TONES: Record<EmailStatus, Tone> = {
  pending: 'info',
  processed: 'success',
  failed: 'danger',
};

export function EmailStatusBadge({ status }: { status: EmailStatus }) {
  return <Badge tone={EMAIL_TONES[status]}>{status[0]?.toUpperCase() + status.slice(1)}</Badge>;
}
