import net, { AddressInfo, Socket } from 'node:net';

/** A progress request the browser made, with the `Last-Event-ID` it sent (if any). */
export interface ProgressRequest {
  path: string;
  lastEventId: number | null;
}

export interface StreamDroppingProxy {
  /** e.g. `http://127.0.0.1:41234`: the browser talks to the API through this. */
  url: string;
  progressRequests: ProgressRequest[];
  /** Cut the next progress stream once it has carried `frames` progress events. */
  dropNextProgressStreamAfter(frames: number): void;
  /** Progress streams cut so far. */
  drops: number;
  close(): Promise<void>;
}

const PROGRESS_FRAME = /data: \{"type":"progress"/g;

/**
 * A TCP proxy in front of the API that can cut a live SSE progress stream the way a flaky
 * network does, so the test sees the browser's own EventSource reconnect and what it sends
 * (`Last-Event-ID`). Everything else passes through untouched.
 */
export async function startStreamDroppingProxy(targetUrl: string): Promise<StreamDroppingProxy> {
  const target = new URL(targetUrl);
  const sockets = new Set<Socket>();
  let dropAfter: number | null = null;

  const state: StreamDroppingProxy = {
    url: '',
    progressRequests: [],
    drops: 0,
    dropNextProgressStreamAfter: (frames) => {
      dropAfter = frames;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };

  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port), target.hostname);
    sockets.add(client).add(upstream);
    let requestHead = '';
    // Set when this connection carries a progress stream that is to be cut.
    let cutAfter: number | null = null;
    let framesSeen = 0;

    client.on('data', (chunk) => {
      requestHead += chunk.toString('latin1');
      // A keep-alive connection carries several requests: read each head as it completes.
      let end: number;
      while ((end = requestHead.indexOf('\r\n\r\n')) >= 0) {
        const head = requestHead.slice(0, end);
        requestHead = requestHead.slice(end + 4);
        const [requestLine = '', ...headers] = head.split('\r\n');
        const path = requestLine.split(' ')[1] ?? '';
        if (!/^\/api\/sync\/[^/]+\/progress/.test(path)) continue;
        const header = headers.find((h) => /^last-event-id:/i.test(h));
        state.progressRequests.push({
          path,
          lastEventId: header ? Number(header.split(':')[1]?.trim()) : null,
        });
        if (dropAfter !== null) {
          cutAfter = dropAfter;
          dropAfter = null;
        }
      }
      upstream.write(chunk);
    });

    upstream.on('data', (chunk) => {
      client.write(chunk);
      if (cutAfter === null) return;
      framesSeen += chunk.toString('utf8').match(PROGRESS_FRAME)?.length ?? 0;
      if (framesSeen >= cutAfter) {
        cutAfter = null;
        state.drops++;
        // Let the bytes already written reach the browser, then fail the connection.
        client.end(() => client.destroy());
        upstream.destroy();
      }
    });

    const closeBoth = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', closeBoth).on('close', closeBoth);
    upstream.on('error', closeBoth).on('close', closeBoth);
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}
