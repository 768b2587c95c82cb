import { isTransientDatabaseError } from './transient';

describe('isTransientDatabaseError', () => {
  it.each([
    ['a terminated backend (57P01)', Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' })],
    ['a connection exception (08006)', Object.assign(new Error('connection failure'), { code: '08006' })],
    ['a server starting up (57P03)', Object.assign(new Error('the database system is starting up'), { code: '57P03' })],
    ['a refused socket', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    ['pg losing its connection', new Error('Connection terminated unexpectedly')],
    ['a lost serialization race (40001)', Object.assign(new Error('could not serialize access'), { code: '40001' })],
    [
      'TypeORM wrapping the driver',
      Object.assign(new Error('Query failed'), { driverError: Object.assign(new Error('x'), { code: '57P01' }) }),
    ],
    ['TypeORM after the connection went', new Error('Query runner already released. Cannot run queries anymore.')],
    ['an Error.cause chain', new Error('page failed', { cause: new Error('Connection terminated') })],
  ])('takes %s for a fault of the way, not of the work', (_label, error) => {
    expect(isTransientDatabaseError(error)).toBe(true);
  });

  it.each([
    ['a unique violation (23505)', Object.assign(new Error('duplicate key'), { code: '23505' })],
    ['a not-null violation (23502)', Object.assign(new Error('null value'), { code: '23502' })],
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'uscc')")],
    ['nothing', undefined],
  ])('takes %s for a fault of the work', (_label, error) => {
    expect(isTransientDatabaseError(error)).toBe(false);
  });
});
