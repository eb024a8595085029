import { useCallback, useEffect, useReducer, useState } from 'react';
import type {
  Phase2PendingItem,
  ProgressFrame,
  ProgressItem,
  RunStatus,
  RunSummary,
  SednaHealthView,
  WorkersView,
} from '../api/types';
import { useSession } from '../auth/session';

/** `live` while frames flow; `reconnecting` while the browser retries with Last-Event-ID. */
export type StreamState = 'connecting' | 'live' | 'reconnecting' | 'complete' | 'closed';

export interface SyncProgress {
  syncId: string;
  /** Items finished so far (the last event's sequence number). */
  current: number;
  total: number;
  percent: number;
  items: (ProgressItem & { seq: number })[];
  successful: number;
  failed: number;
  cancelled: number;
  stream: StreamState;
  /** How often the stream dropped and was resumed where it left off. */
  reconnects: number;
  /** Set by the `complete` frame. */
  runStatus: RunStatus | null;
  summary: RunSummary | null;
  /** The tenant's Sedna, once the stream reported it unreachable (and later recovered). */
  sedna: SednaHealthView | null;
  /** Stop sales in Sedna without rooms while their Phase 2 is tried (the last list sent). */
  phase2Pending: Phase2PendingItem[];
  /** Whether a worker polls, once the stream said that none does (and later that one does). */
  workers: WorkersView | null;
}

type Action =
  | { kind: 'frame'; frame: ProgressFrame; seq: number }
  | { kind: 'stream'; state: StreamState }
  | { kind: 'reset'; syncId: string; total: number };

/** What a reload needs to resume a run's stream where it was (per run, in session storage). */
type Snapshot = Pick<
  SyncProgress,
  'current' | 'total' | 'items' | 'successful' | 'failed' | 'cancelled'
>;

const SNAPSHOT_PREFIX = 'sedna-sync.progress.';

function loadSnapshot(syncId: string): Snapshot | null {
  try {
    const raw = sessionStorage.getItem(SNAPSHOT_PREFIX + syncId);
    const snapshot = raw ? (JSON.parse(raw) as Snapshot) : null;
    return snapshot && Array.isArray(snapshot.items) && snapshot.current > 0 ? snapshot : null;
  } catch {
    return null;
  }
}

function saveSnapshot(state: SyncProgress): void {
  const key = SNAPSHOT_PREFIX + state.syncId;
  try {
    if (state.stream === 'complete') {
      // The result page shows a finished run; nothing left to resume.
      sessionStorage.removeItem(key);
    } else if (state.current > 0) {
      const { current, total, items, successful, failed, cancelled } = state;
      const snapshot: Snapshot = { current, total, items, successful, failed, cancelled };
      sessionStorage.setItem(key, JSON.stringify(snapshot));
    }
  } catch {
    // Storage full or disabled: a reload then replays the stream from the start.
  }
}

/** Sign-out forgets every run's snapshot with the token. */
export function forgetProgressSnapshots(): void {
  for (let i = sessionStorage.length - 1; i >= 0; i--) {
    const key = sessionStorage.key(i);
    if (key?.startsWith(SNAPSHOT_PREFIX)) sessionStorage.removeItem(key);
  }
}

function initial({ syncId, total }: { syncId: string; total: number }): SyncProgress {
  const snapshot = loadSnapshot(syncId);
  return {
    syncId,
    current: 0,
    total,
    percent: 0,
    items: [],
    successful: 0,
    failed: 0,
    cancelled: 0,
    stream: 'connecting',
    reconnects: 0,
    runStatus: null,
    summary: null,
    sedna: null,
    phase2Pending: [],
    workers: null,
    ...(snapshot && { ...snapshot, percent: percentOf(snapshot.current, snapshot.total) }),
  };
}

function percentOf(current: number, total: number): number {
  return total > 0 ? Math.min(100, Math.round((current / total) * 100)) : 0;
}

function reduce(state: SyncProgress, action: Action): SyncProgress {
  switch (action.kind) {
    case 'reset':
      return initial(action);
    case 'stream':
      if (state.stream === 'complete') return state;
      return {
        ...state,
        stream: action.state,
        // Counted when the stream is back, not when it drops.
        reconnects:
          state.reconnects + (state.stream === 'reconnecting' && action.state === 'live' ? 1 : 0),
      };
    case 'frame': {
      const { frame, seq } = action;
      if (frame.type === 'sedna') {
        const { type: _type, ...sedna } = frame;
        return { ...state, stream: 'live', sedna };
      }
      if (frame.type === 'workers') {
        const { type: _type, ...workers } = frame;
        return { ...state, stream: 'live', workers };
      }
      if (frame.type === 'phase2_pending') {
        // Items whose event came meanwhile are finished: the list may be a little older.
        const seen = new Set(state.items.map((i) => `${i.type}-${i.item_id}`));
        const phase2Pending = frame.items.filter((i) => !seen.has(`${i.type}-${i.item_id}`));
        return { ...state, stream: 'live', phase2Pending };
      }
      if (frame.type === 'complete') {
        const done = state.current;
        return {
          ...state,
          stream: 'complete',
          phase2Pending: [],
          runStatus: frame.status,
          summary: frame.summary,
          // A cancelled run stops short of its total; a finished one is at 100 %.
          percent: frame.status === 'cancelled' ? percentOf(done, state.total) : 100,
        };
      }
      // A replay after a reconnect may repeat what we have: sequence numbers tell.
      if (seq <= state.current) return { ...state, stream: 'live' };
      const item = { ...frame.item, seq };
      return {
        ...state,
        stream: 'live',
        current: seq,
        total: frame.total,
        percent: percentOf(seq, frame.total),
        items: [...state.items, item],
        phase2Pending: state.phase2Pending.filter(
          (i) => i.type !== item.type || i.item_id !== item.item_id,
        ),
        successful: state.successful + (item.status === 'success' ? 1 : 0),
        failed: state.failed + (item.status === 'failed' ? 1 : 0),
        cancelled: state.cancelled + (item.status === 'cancelled' ? 1 : 0),
      };
    }
  }
}

/**
 * A run's live progress from the SSE stream. EventSource cannot send headers, so the token
 * travels as `?access_token=`; after a network drop the browser reconnects by itself and sends
 * `Last-Event-ID`, and the server sends only what was missed. When the server refuses the
 * stream (401, 404) the browser gives up: `stream` is then `closed` and `reopen()` starts a
 * new stream from the last event seen. What was seen is kept per run in session storage, so a
 * reload (or the run's page opened again in this tab) resumes from there too.
 */
export function useSyncProgress(syncId: string, expectedTotal = 0) {
  const { api } = useSession();
  const [state, dispatch] = useReducer(reduce, { syncId, total: expectedTotal }, initial);
  const [attempt, setAttempt] = useState(0);
  // Another run: start over before anything of the old one is shown or resumed from.
  if (state.syncId !== syncId) dispatch({ kind: 'reset', syncId, total: expectedTotal });
  const lastSeq = state.syncId === syncId ? state.current : 0;

  useEffect(() => {
    if (state.syncId === syncId) saveSnapshot(state);
  }, [state, syncId]);

  useEffect(() => {
    // A manual reopen or a reload carries what was seen as last_event_id (a new EventSource
    // has none).
    const params: Record<string, string> = lastSeq > 0 ? { last_event_id: String(lastSeq) } : {};
    dispatch({ kind: 'stream', state: 'connecting' });
    const source = new EventSource(
      api.urlWithToken(`/api/sync/${encodeURIComponent(syncId)}/progress`, params),
    );
    source.onopen = () => dispatch({ kind: 'stream', state: 'live' });
    source.onmessage = (message: MessageEvent<string>) => {
      const frame = JSON.parse(message.data) as ProgressFrame;
      dispatch({ kind: 'frame', frame, seq: Number(message.lastEventId) });
      // The server ends the stream after `complete`; closing first stops a pointless retry.
      if (frame.type === 'complete') source.close();
    };
    source.onerror = () => {
      const retrying = source.readyState === EventSource.CONNECTING;
      dispatch({ kind: 'stream', state: retrying ? 'reconnecting' : 'closed' });
    };
    return () => source.close();
    // Reconnects are the browser's job; a new source only for a new run or a manual reopen.
  }, [api, syncId, attempt]);

  const reopen = useCallback(() => setAttempt((n) => n + 1), []);
  return { ...state, reopen };
}
