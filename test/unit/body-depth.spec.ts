import { ProblemException } from '../../src/common/problem';
import type { NextFunction, Request, Response } from 'express';
import { nestsDeeperThan, rejectDeepBodies } from '../../src/common/body-depth';

const nested = (depth: number): unknown => {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = [value];
  return value;
};

describe('body depth', () => {
  it('measures arrays and objects, not scalars', () => {
    expect(nestsDeeperThan({ a: [{ b: 1 }] }, 3)).toBe(false);
    expect(nestsDeeperThan({ a: [{ b: [] }] }, 3)).toBe(true);
    expect(nestsDeeperThan('text', 0)).toBe(false);
    expect(nestsDeeperThan(null, 0)).toBe(false);
  });

  it('measures a million levels without recursion', () => {
    expect(nestsDeeperThan(nested(1_000_000), 32)).toBe(true);
  });

  it('refuses a deep body with a 400 and passes a normal one', () => {
    let passed: unknown = 'not called';
    const next: NextFunction = (value?: unknown) => {
      passed = value;
    };
    const run = (body: unknown) => rejectDeepBodies()({ body } as Request, {} as Response, next);
    run({ emails: [{ reservations: [{ guests: [{ title: 'Mr' }] }] }] });
    expect(passed).toBeUndefined();
    run({ email_ids: nested(40) });
    expect(passed).toBeInstanceOf(ProblemException);
    expect((passed as ProblemException).getResponse()).toEqual({
      detail: 'Request body is nested more than 32 levels deep',
      code: 'BODY_TOO_DEEP',
    });
  });
});
