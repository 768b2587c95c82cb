import { AsyncLocalStorage, AsyncResource } from 'node:async_hooks';
import { bindWithoutDeprecatedProperty } from './async-binding';

describe('AsyncResource.bind without the deprecated property', () => {
  beforeAll(() => bindWithoutDeprecatedProperty());

  it('runs the bound function in the context it was bound in, with its arguments, `this` and length', () => {
    const context = new AsyncLocalStorage<string>();
    const seen: unknown[] = [];
    function parser(this: unknown, error: unknown, body: unknown) {
      seen.push(context.getStore(), this, error, body);
    }
    const bound = context.run('request-1', () => new AsyncResource('parser').bind(parser));
    const withThis = context.run('request-2', () => AsyncResource.bind(parser, 'parser', 'the reply'));
    const holder = { bound };
    context.run('elsewhere', () => {
      holder.bound(null, { uscc: 'x' });
      withThis(null, 'b');
    });
    expect(seen).toEqual(['request-1', holder, null, { uscc: 'x' }, 'request-2', 'the reply', null, 'b']);
    expect([bound.length, withThis.length]).toEqual([2, 2]);
    expect('asyncResource' in bound).toBe(false);
  });

  it('refuses what is not a function, as Node does', () => {
    expect(() => new AsyncResource('parser').bind('not a function' as never)).toThrow('The "fn" argument must be of type function');
  });
});
