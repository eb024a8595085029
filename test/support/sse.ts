import { EventSource } from 'eventsource';

export interface ProgressFrame {
  id: number;
  type: 'progress' | 'complete' | 'sedna' | 'phase2_pending' | 'workers';
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  data: any;
  receivedAt: number;
}

export interface StreamOptions {
  /** Sent as the Last-Event-ID header, as a browser does when it reconnects. */
  lastEventId?: number;
  /** Close after this many progress events (to simulate a dropped connection). */
  closeAfter?: number;
  /** Authorise with `?access_token=` instead of the Authorization header. */
  tokenInQuery?: boolean;
  /** Sent as the X-Request-Id header. */
  requestId?: string;
}

/** Reads a run's progress stream with a real EventSource client until `complete` (or closeAfter). */
export function readProgress(
  apiUrl: string,
  syncId: string,
  token: string,
  opts: StreamOptions = {},
) {
  const frames: ProgressFrame[] = [];
  /** The response headers of each connection, in order. */
  const responses: Headers[] = [];
  const query = opts.tokenInQuery ? `?access_token=${encodeURIComponent(token)}` : '';
  const source = new EventSource(`${apiUrl}/api/sync/${syncId}/progress${query}`, {
    fetch: async (input, init) => {
      const res = await fetch(input, {
        ...init,
        headers: {
          ...(init?.headers as Record<string, string>),
          ...(opts.tokenInQuery ? {} : { authorization: `Bearer ${token}` }),
          ...(opts.lastEventId ? { 'last-event-id': String(opts.lastEventId) } : {}),
          ...(opts.requestId ? { 'x-request-id': opts.requestId } : {}),
        },
      });
      responses.push(res.headers);
      return res;
    },
  });
  const done = new Promise<ProgressFrame[]>((resolve, reject) => {
    source.onmessage = (message) => {
      const data = JSON.parse(message.data);
      frames.push({
        id: Number(message.lastEventId),
        type: data.type,
        data,
        receivedAt: Date.now(),
      });
      const progressCount = frames.filter((f) => f.type === 'progress').length;
      if (data.type === 'complete' || progressCount === opts.closeAfter) {
        source.close();
        resolve(frames);
      }
    };
    source.onerror = (err) => {
      if (source.readyState === EventSource.CLOSED)
        reject(new Error(`SSE closed: ${err.message ?? err.code}`));
    };
  });
  /** `frames`: what came so far, read while the stream is open. */
  return { done, frames, responses, close: () => source.close() };
}
