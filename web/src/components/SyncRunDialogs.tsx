import { SyncModal } from './SyncModal';
import { SyncResultModal } from './SyncResultModal';

/** Which run dialog is open: live progress, or the result of a run. */
export type SyncDialog =
  | { view: 'progress'; syncId: string; expectedTotal: number }
  | { view: 'result'; syncId: string }
  | null;

interface Props {
  dialog: SyncDialog;
  onChange: (dialog: SyncDialog) => void;
  /** On the run's own page the address already names the run. */
  onRunPage?: boolean;
}

/** Progress → result → retry (→ progress of the retry): one flow for every page. */
export function SyncRunDialogs({ dialog, onChange, onRunPage = false }: Props) {
  if (!dialog) return null;
  const close = () => onChange(null);
  if (dialog.view === 'progress') {
    return (
      <SyncModal
        key={dialog.syncId}
        syncId={dialog.syncId}
        expectedTotal={dialog.expectedTotal}
        addressRun={!onRunPage}
        onClose={close}
        onShowResult={(syncId) => onChange({ view: 'result', syncId })}
      />
    );
  }
  return (
    <SyncResultModal
      key={dialog.syncId}
      syncId={dialog.syncId}
      onClose={close}
      onOpenRun={(syncId) => onChange({ view: 'result', syncId })}
      onWatch={(syncId) => onChange({ view: 'progress', syncId, expectedTotal: 0 })}
      onRetryStarted={(run) =>
        onChange({ view: 'progress', syncId: run.sync_id, expectedTotal: run.total_items })
      }
    />
  );
}
