import { useEffect, useId, useRef, type ReactNode } from 'react';

interface Props {
  title: string;
  /** Escape and the close button call it; the caller unmounts the modal. */
  onClose: () => void;
  children: ReactNode;
  footer?: ReactNode;
  /** A short line under the title, read out with it. */
  description?: ReactNode;
}

/**
 * A native modal <dialog>: the browser traps focus, makes the page behind it inert and closes
 * it on Escape, which we hand to the caller so React stays in charge of what is open.
 */
export function Modal({ title, onClose, children, footer, description }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const descriptionId = useId();

  useEffect(() => {
    const dialog = ref.current;
    // The control that opened the dialog: focus goes back to it when the dialog closes (the
    // browser's own return is lost when React removes the open dialog from the page).
    const active = document.activeElement;
    const opener = active instanceof HTMLElement && active !== document.body ? active : null;
    if (dialog && !dialog.open) dialog.showModal();
    return () => {
      dialog?.close();
      opener?.focus({ preventScroll: true });
      // An opener gone or disabled meanwhile (a run's Sync button): the page's main region.
      if (!opener || document.activeElement !== opener) {
        document.getElementById('main')?.focus({ preventScroll: true });
      }
    };
  }, []);

  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      aria-describedby={description ? descriptionId : undefined}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      className="m-auto max-h-[90dvh] w-[calc(100%-1.5rem)] max-w-3xl flex-col rounded-xl bg-white p-0 text-slate-900 shadow-2xl backdrop:bg-slate-900/50 open:flex"
    >
      <header className="flex items-start justify-between gap-4 border-b border-slate-200 px-5 py-4">
        {/* min-w-0: a long description wraps instead of pushing the × off a small screen. */}
        <div className="min-w-0 break-words">
          <h2 id={titleId} className="text-lg font-semibold">
            {title}
          </h2>
          {description && (
            <div id={descriptionId} className="mt-1 text-sm text-slate-600">
              {description}
            </div>
          )}
        </div>
        <button
          type="button"
          onClick={onClose}
          aria-label="Close dialog"
          className="shrink-0 rounded-md p-1 text-2xl leading-none text-slate-500 hover:bg-slate-100 hover:text-slate-800 focus-visible:outline-2 focus-visible:outline-sky-600"
        >
          ×
        </button>
      </header>
      <div className="min-h-0 flex-1 overflow-y-auto px-5 py-4">{children}</div>
      {footer && (
        <footer className="flex flex-wrap items-center justify-end gap-2 border-t border-slate-200 px-5 py-3">
          {footer}
        </footer>
      )}
    </dialog>
  );
}
