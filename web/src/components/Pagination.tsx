import { buttonClass } from '../lib/ui';

interface Props {
  page: number;
  pages: number;
  total: number;
  /** e.g. "e-mails", for the summary and the button labels. */
  noun: string;
  onPage: (page: number) => void;
}

export function Pagination({ page, pages, total, noun, onPage }: Props) {
  if (pages <= 1) return null;
  return (
    <nav aria-label={`${noun} pages`} className="flex items-center justify-between gap-3 py-3">
      <p className="text-sm text-slate-600">
        Page {page} of {pages} · {total} {noun}
      </p>
      <div className="flex gap-2">
        <button
          type="button"
          className={buttonClass.secondary}
          disabled={page <= 1}
          onClick={() => onPage(page - 1)}
        >
          Previous<span className="sr-only"> page of {noun}</span>
        </button>
        <button
          type="button"
          className={buttonClass.secondary}
          disabled={page >= pages}
          onClick={() => onPage(page + 1)}
        >
          Next<span className="sr-only"> page of {noun}</span>
        </button>
      </div>
    </nav>
  );
}
