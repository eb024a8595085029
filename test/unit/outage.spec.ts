import { QueryFailedError } from 'typeorm';
import { outageOf } from '../../src/common/outage';

const withCode = (message: string, code: string | number) =>
  Object.assign(new Error(message), { code });

describe('outageOf', () => {
  it.each([
    ['a refused connection', withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
    ['an admin shutdown (57P01)', withCode('terminating connection', '57P01')],
    ['a server starting up (57P03)', withCode('the database system is starting up', '57P03')],
    ['a connection exception (08006)', withCode('connection failure', '08006')],
    ['a dropped connection', new Error('Connection terminated unexpectedly')],
    ['a pool timeout', new Error('timeout exceeded when trying to connect')],
    [
      "TypeORM's QueryFailedError",
      new QueryFailedError('SELECT 1', [], withCode('terminating connection', '57P01')),
    ],
    [
      'an AggregateError of sockets',
      Object.assign(new AggregateError([withCode('x', 'ECONNREFUSED')], 'connect failed'), {}),
    ],
  ])('reads %s as the database', (_label, err) => {
    expect(outageOf(err)).toBe('database');
  });

  it.each([
    ['UNAVAILABLE', 14],
    ['DEADLINE_EXCEEDED', 4],
  ])('reads a Temporal ServiceError caused by gRPC %s as Temporal', (_label, code) => {
    const grpc = withCode(`${code} ${_label}: No connection established`, code);
    const err = Object.assign(new Error('Failed to signal workflow', { cause: grpc }), {
      name: 'ServiceError',
    });
    expect(outageOf(err)).toBe('temporal');
  });

  it('reads the client failing to connect as Temporal, even with a socket code under it', () => {
    const err = Object.assign(
      new Error('Failed to connect to Temporal server', {
        cause: withCode('connect ECONNREFUSED', 'ECONNREFUSED'),
      }),
      { name: 'ServiceError' },
    );
    expect(outageOf(err)).toBe('temporal');
  });

  it.each([
    ['a plain bug', new TypeError('x is undefined')],
    ['a constraint violation', new QueryFailedError('INSERT', [], withCode('dup', '23505'))],
    [
      'a Temporal error that is no outage',
      Object.assign(new Error('bad'), { name: 'ServiceError' }),
    ],
    [
      "the Sedna client's socket error (its callers answer for it)",
      Object.assign(withCode('connect ECONNREFUSED', 'ECONNREFUSED'), { isAxiosError: true }),
    ],
    ['a string', 'oops'],
  ])('leaves %s alone', (_label, err) => {
    expect(outageOf(err)).toBeUndefined();
  });
});
