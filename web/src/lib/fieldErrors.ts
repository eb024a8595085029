import { ApiError, errorMessage } from '../api/client';

/** A form's problems from one failed request: by the field they name, and the rest. */
export interface FieldProblems<F extends string> {
  byField: Partial<Record<F, string>>;
  rest: string[];
}

/**
 * A 400's problems by the field they name (the problem's `errors`), for the fields of one form;
 * what names no field of the form (or is not a 400) stays general.
 */
export function problemsOf<F extends string>(err: unknown, fields: readonly F[]): FieldProblems<F> {
  const byField: Partial<Record<F, string>> = {};
  const rest: string[] = [];
  if (!(err instanceof ApiError) || err.status !== 400 || !err.errors.length)
    return { byField, rest: [errorMessage(err)] };
  for (const problem of err.errors) {
    const field = fields.find((name) => name === problem.field);
    if (field) {
      const before = byField[field];
      byField[field] = before ? `${before}; ${problem.message}` : problem.message;
    } else rest.push(`${problem.field}: ${problem.message}`);
  }
  return { byField, rest };
}

/**
 * What an input shows of its field's problem (FormField's ids): invalid, and described by the
 * message under it, after its hint when it has one.
 */
export function invalidProps(id: string, error: string | undefined, hint = false) {
  const describedBy = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ');
  return {
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy || undefined,
  } as const;
}
