/**
 * Sedna's record id (its `RecId`), defined once: `sednaId`, a number, in TypeScript; `sedna_id`
 * in the API, the events, the webhook and the report; `sedna_rec_id` only as a SQL column.
 *
 * Workflow histories recorded before API 1.2.0 hold it as text (`{ sednaId: "823278" }` in an
 * item's outcome and in prepareItem's result) and completeItem's result under its old name
 * (`{ phase1RecId: 823278 }`, or the bare number). The workflows read results through the
 * functions below, which take both shapes: open runs go on, and no command changes (README,
 * "Versioning policy": no patch needed).
 */
export type SednaId = number;

/** The id as a recorded history may hold it: a number, or text from older code. */
export type RecordedSednaId = SednaId | string | null | undefined;

/** The id as a number, or undefined when absent. */
export function sednaIdOf(recorded: RecordedSednaId): SednaId | undefined {
  if (recorded === null || recorded === undefined || recorded === '') return undefined;
  const id = Number(recorded);
  return Number.isFinite(id) ? id : undefined;
}
