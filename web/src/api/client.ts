/** A JSON client for the API on the same origin, authorised with the user's JWT. */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    /** The error body as parsed, for its data beside `detail` (a 409's `existing`). */
    readonly body?: unknown,
  ) {
    super(detail);
    this.name = 'ApiError';
  }
}

/** The server's `{detail}` as one readable line (validation errors may send a list). */
function detailOf(body: unknown, fallback: string): string {
  const detail = (body as { detail?: unknown } | null)?.detail;
  if (typeof detail === 'string' && detail) return detail;
  if (Array.isArray(detail)) return detail.map(String).join('; ');
  return fallback;
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
      accept: 'application/json',
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
        detailOf(parsed, `${res.status} ${res.statusText}`),
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
