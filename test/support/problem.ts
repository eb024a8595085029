/**
 * What an error answer must equal: an RFC 9457 problem with its code (src/common/problem.ts),
 * `detail` as given (a string or an asymmetric matcher) and any other members given.
 */
export function problem(
  status: number,
  code: string,
  detail: unknown = expect.any(String),
  extras: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    type: `urn:sedna-sync:problem:${code.toLowerCase().replace(/_/g, '-')}`,
    title: expect.any(String),
    status,
    detail,
    code,
    ...extras,
  };
}
