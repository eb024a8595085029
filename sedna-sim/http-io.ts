import type { IncomingMessage, ServerResponse } from 'http';

export interface SimReply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface Envelope {
  ErrorType: number;
  Message: string | null;
  RecId: number | null;
}

// Generous for reservation batches, small enough that a runaway client cannot exhaust memory.
const MAX_BODY_BYTES = 2_000_000;

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('Request body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Web API binds an unreadable body as null rather than rejecting the request. */
export function parseJson(raw: string): unknown {
  if (raw.trim() === '') return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return null;
  }
}

export function sendReply(res: ServerResponse, reply: SimReply): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(reply.body ?? null);
  res.writeHead(reply.status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    ...reply.headers,
  });
  res.end(text);
}

/** Drops the connection without a response, as a crashed proxy or network would. */
export function dropConnection(req: IncomingMessage): void {
  req.socket.destroy();
}

export function envelope(
  errorType: number,
  message: string,
  recId: number | null = null,
): Envelope {
  return { ErrorType: errorType, Message: message, RecId: recId };
}

export function ok(body: unknown, headers?: Record<string, string>): SimReply {
  return { status: 200, body, headers };
}

/** The body shape of an unhandled exception in ASP.NET Web API. */
export function aspNetError(status: number, message: string, exceptionType: string): SimReply {
  return {
    status,
    body: {
      Message: 'An error has occurred.',
      ExceptionMessage: message,
      ExceptionType: exceptionType,
      StackTrace: null,
    },
  };
}

export function tooManyRequests(): SimReply {
  return {
    status: 429,
    body: envelope(1, 'Too many requests, retry later'),
    headers: { 'Retry-After': '1' },
  };
}

export function unauthorized(): SimReply {
  return { status: 401, body: envelope(1, 'Authorization has been denied for this request.') };
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key.toLowerCase() === wanted) return rest.join('=');
  }
  return undefined;
}
