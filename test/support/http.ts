// Tests read response fields freely; each assertion checks the shape it relies on.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

export interface HttpResult<T = Json> {
  status: number;
  body: T;
  text: string;
  headers: Headers;
}

export interface CallOptions {
  token?: string;
  /** Sent as JSON unless it is already a string (for malformed or oversized bodies). */
  body?: unknown;
  headers?: Record<string, string>;
}

/** One HTTP request; never throws on an error status, so tests assert on it. */
export async function call<T = Json>(
  baseUrl: string,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<HttpResult<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.body !== undefined) {
    headers['content-type'] ??= 'application/json';
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
  }
  const res = await fetch(`${baseUrl}${path}`, { method, headers, body });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // Not JSON (docs HTML, reports): the text is the body.
  }
  return { status: res.status, body: parsed as T, text, headers: res.headers };
}
