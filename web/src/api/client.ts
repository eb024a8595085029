/** A JSON client for the API on the same origin, authorised with the user's JWT. */

/** One field's problem in a 400, as the API names it. */
export interface FieldProblem {
  field: string;
  code: string;
  message: string;
}

/** The API's RFC 9457 problem (application/problem+json). */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  errors?: FieldProblem[];
  [member: string]: unknown;
}

function isProblem(body: unknown): body is Problem {
  const p = body as Partial<Problem> | null | undefined;
  return typeof p?.code === 'string' && typeof p.detail === 'string';
}

export class ApiError extends Error {
  /** The problem's stable code (`NETWORK` when the API could not be reached, `HTTP_<status>`
   * when something else than the API answered). */
  readonly code: string;
  /** Validation: each field at fault. */
  readonly errors: FieldProblem[];

  constructor(
    readonly status: number,
    readonly detail: string,
    /** The error body as parsed, for its data beside `detail` (a 409's `existing`). */
    readonly body?: unknown,
  ) {
    super(detail);
    this.name = 'ApiError';
    this.code = isProblem(body) ? body.code : status === 0 ? 'NETWORK' : `HTTP_${status}`;
    this.errors = isProblem(body) && Array.isArray(body.errors) ? body.errors : [];
  }
}

export type Unauthorized = (detail: string) => void;

export class ApiClient {
  constructor(
    private readonly token: string,
    private readonly onUnauthorized: Unauthorized = () => undefined,
  ) {}

  get<T>(path: string): Promise<T> {
    return this.request<T>('GET', path);
  }

  send<T>(method: 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T> {
    return this.request<T>(method, path, body);
  }

  /** For what a browser must fetch itself (EventSource, downloads): the token in the query. */
  urlWithToken(path: string, params: Record<string, string> = {}): string {
    const query = new URLSearchParams({ ...params, access_token: this.token });
    return `${path}?${query.toString()}`;
  }

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = {
      accept: 'application/json, application/problem+json',
      authorization: `Bearer ${this.token}`,
    };
    if (body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await fetch(path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new ApiError(0, 'The API cannot be reached; check your connection and try again');
    }
    const text = await res.text();
    let parsed: unknown = undefined;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // A proxy's HTML error page: the status line says enough.
    }
    if (!res.ok) {
      const error = new ApiError(
        res.status,
        isProblem(parsed) ? parsed.detail : `${res.status} ${res.statusText}`,
        parsed,
      );
      if (res.status === 401) this.onUnauthorized(error.detail);
      throw error;
    }
    return parsed as T;
  }
}

export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.detail;
  return err instanceof Error ? err.message : String(err);
}
