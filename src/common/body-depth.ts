import type { RequestHandler } from 'express';
import { CommonErrorCode, ProblemException } from './problem';

/** Our deepest body, an import's guest, is 7 levels deep. */
const MAX_BODY_DEPTH = 32;

/** Whether arrays and objects nest deeper than `max`; iterative, so any depth is safe to measure. */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  const pending: [unknown, number][] = [[value, 1]];
  while (pending.length) {
    const [node, depth] = pending.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth > max) return true;
    for (const child of Object.values(node)) pending.push([child, depth + 1]);
  }
  return false;
}

/**
 * Refuses deeply nested bodies before validation: class-transformer recurses once per level
 * and overflows the stack (a 500) a few thousand levels down.
 */
export function rejectDeepBodies(max = MAX_BODY_DEPTH): RequestHandler {
  return (req, _res, next) => {
    if (!nestsDeeperThan(req.body, max)) return next();
    next(
      new ProblemException(
        400,
        CommonErrorCode.BODY_TOO_DEEP,
        `Request body is nested more than ${max} levels deep`,
      ),
    );
  };
}
