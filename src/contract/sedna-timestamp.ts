/**
 * Sedna's time format.
 */

/** Local-time-free `yyyy-MM-ddTHH:mm:ss` of an instant (UTC), as Sedna's timestamps are. */
export function sednaTimestamp(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 19);
}
