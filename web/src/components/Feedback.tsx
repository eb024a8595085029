import type { ReactNode } from 'react';
import { buttonClass } from '../lib/ui';

/**
 * An error the user should read now (role=alert), with a way to try again when there is one;
 * `children`: what the problem's data says beside the message (items named, a link).
 */
export function ErrorAlert({
  title = 'Something went wrong',
  message,
  onRetry,
  children,
}: {
  title?: string;
  message: string;
  onRetry?: () => void;
  children?: ReactNode;
}) {
  return (
    <div
      role="alert"
      className="flex flex-wrap items-start justify-between gap-3 rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-900"
    >
      <div>
        <p className="font-semibold">{title}</p>
        <p className="mt-0.5 break-words">{message}</p>
        {children}
      </div>
      {onRetry && (
        <button type="button" className={buttonClass.secondary} onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

/** A confirmation announced politely (role=status). */
export function SuccessNotice({ children }: { children: ReactNode }) {
  return (
    <p
      role="status"
      className="rounded-md border border-emerald-200 bg-emerald-50 px-4 py-2 text-sm text-emerald-900"
    >
      {children}
    </p>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="rounded-lg border border-dashed border-slate-300 bg-white px-6 py-10 text-center">
      <p className="font-medium text-slate-800">{title}</p>
      {children && <div className="mt-1 text-sm text-slate-600">{children}</div>}
    </div>
  );
}

export function Loading({ label }: { label: string }) {
  return (
    <p role="status" className="py-6 text-center text-sm text-slate-600">
      <span
        aria-hidden="true"
        className="mr-2 inline-block h-3 w-3 animate-spin rounded-full border-2 border-slate-400 border-t-transparent align-[-1px]"
      />
      {label}
    </p>
  );
}
