import type { LedgerConfig } from '@ledger/platform';
import { devLoginAllowed } from './dev-login';

const from = (remoteAddress: string | undefined) => ({ socket: { remoteAddress } });
const config = (production: boolean, jwtSecretGenerated: boolean) => ({ production, jwtSecretGenerated }) as LedgerConfig;

describe('the console’s dev login', () => {
  it('is offered only by a development ledger that generated its secret, to its own machine', () => {
    expect(devLoginAllowed(config(false, true), from('127.0.0.1'))).toBe(true);
    expect(devLoginAllowed(config(false, true), from('::1'))).toBe(true);
    expect(devLoginAllowed(config(false, true), from('::ffff:127.0.0.1'))).toBe(true);
    expect(devLoginAllowed(config(true, true), from('127.0.0.1'))).toBe(false);
    expect(devLoginAllowed(config(false, false), from('127.0.0.1'))).toBe(false);
    expect(devLoginAllowed(config(false, true), from('192.168.1.20'))).toBe(false);
    expect(devLoginAllowed(config(false, true), from('::ffff:10.0.0.5'))).toBe(false);
    expect(devLoginAllowed(config(false, true), from(undefined))).toBe(false);
  });
});
