import type { Request, Response } from 'express';
import type { ItemEvent } from '../contract/item-events';
import type { ProgressFrame } from '../contract/views-sync';
import type { ProgressListener } from './progress-hub.service';

export const HEARTBEAT_MS = 15_000;

/** The sequence number a reconnecting client saw last (`Last-Event-ID`), else 0. */
export function lastEventId(req: Request): number {
  const raw = req.headers['last-event-id'] ?? req.query.last_event_id;
  const value = Number(Array.isArray(raw) ? raw[0] : raw);
  return Number.isInteger(value) && value > 0 ? value : 0;
}

function itemOf(event: ItemEvent) {
  const { seq: _seq, ...item } = event;
  return item;
}

/** An SSE response whose frames carry their sequence number as `id:`. */
export function openEventStream(
  req: Request,
  res: Response,
  subscribe: (listener: ProgressListener) => () => void,
) {
  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-cache, no-transform',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no',
  });
  res.write('retry: 2000\n\n');
  const send = (id: number, frame: ProgressFrame) =>
    res.write(`id: ${id}\ndata: ${JSON.stringify(frame)}\n\n`);
  // No `id:`: a reconnecting client resumes after the last item event, not after these.
  const sendState = (frame: ProgressFrame) => res.write(`data: ${JSON.stringify(frame)}\n\n`);
  // Comments keep proxies from closing an idle stream.
  const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), HEARTBEAT_MS);
  let closed = false;
  let unsubscribe: () => void = () => undefined;
  const close = () => {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    unsubscribe();
    res.end();
  };
  req.on('close', close);
  unsubscribe = subscribe({
    event: (event, total) =>
      send(event.seq, { type: 'progress', current: event.seq, total, item: itemOf(event) }),
    complete: (status, summary, lastSeq) => {
      send(lastSeq + 1, { type: 'complete', status, summary });
      close();
    },
    close,
    sedna: (health) => sendState({ type: 'sedna', ...health }),
    phase2Pending: (items) => sendState({ type: 'phase2_pending', items }),
    workers: (workers) => sendState({ type: 'workers', ...workers }),
  });
  if (closed) unsubscribe();
}
