import { SednaError } from '../src/sedna/sedna-errors';

export interface CreateOnceSteps {
  /** A previous attempt sent the create and its outcome is unknown. */
  wasSent: boolean;
  lookup(): Promise<number | null>;
  /** Marks the create as sent; false when another attempt marked it first. */
  mark(): Promise<boolean>;
  clear(): Promise<unknown>;
  create(): Promise<number>;
  store(sednaId: number): Promise<unknown>;
}

/**
 * Exactly-once creation over an API without idempotency keys: a "sent" mark is written before
 * the request and cleared once the outcome is certain, so the attempt after a lost response,
 * a timeout or a killed worker looks the record up instead of creating a second one.
 * Each branch makes one Sedna request.
 */
export async function createOnce(what: string, steps: CreateOnceSteps): Promise<number> {
  if (steps.wasSent) {
    const existing = await steps.lookup();
    if (existing) {
      await steps.store(existing);
      return existing;
    }
    await steps.clear();
    throw new SednaError(
      'not-sent',
      `${what}: the uncertain attempt created nothing; sending again`,
    );
  }
  if (!(await steps.mark()))
    throw new SednaError('uncertain', `${what}: another attempt is in flight`);
  let sednaId: number;
  try {
    sednaId = await steps.create();
  } catch (err) {
    // Only an uncertain failure may have created the record.
    if (!(err instanceof SednaError) || err.kind !== 'uncertain') await steps.clear();
    throw err;
  }
  await steps.store(sednaId);
  return sednaId;
}
