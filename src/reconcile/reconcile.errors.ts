/** The `code` of every problem the drift-check routes answer (beside CommonErrorCode's). */
export enum ReconcileErrorCode {
  RECONCILE_NOT_FOUND = 'RECONCILE_NOT_FOUND',
  RECONCILE_RUNNING = 'RECONCILE_RUNNING',
  SEDNA_NOT_CONFIGURED = 'SEDNA_NOT_CONFIGURED',
  RECONCILE_START_FAILED = 'RECONCILE_START_FAILED',
}
