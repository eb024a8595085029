/** Shared Tailwind classes, so buttons and fields look and focus the same everywhere. */

const focusRing =
  'focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600';

const buttonBase = `inline-flex items-center justify-center gap-2 rounded-md px-3 py-2 text-sm font-medium transition-colors disabled:cursor-not-allowed disabled:opacity-50 ${focusRing}`;

export const buttonClass = {
  primary: `${buttonBase} bg-sky-700 text-white hover:bg-sky-800`,
  secondary: `${buttonBase} border border-slate-300 bg-white text-slate-800 hover:bg-slate-100`,
  danger: `${buttonBase} border border-red-300 bg-white text-red-700 hover:bg-red-50`,
  link: `rounded text-sm font-medium text-sky-800 underline underline-offset-2 hover:text-sky-950 ${focusRing}`,
} as const;

export const inputClass = `block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm placeholder:text-slate-400 focus:border-sky-600 ${focusRing}`;

export const labelClass = 'block text-sm font-medium text-slate-700';

export const checkboxClass = `h-4 w-4 rounded border-slate-400 accent-sky-700 ${focusRing}`;

export const cardClass = 'rounded-lg border border-slate-200 bg-white shadow-sm';
