import { AsyncResource } from 'node:async_hooks';

/**
 * Fastify binds every request body's parser callback to an AsyncResource. On Node 20, `bind`
 * also hangs a deprecated `asyncResource` accessor (DEP0172) on the bound function, built by
 * `util.deprecate`, which sets the prototype of a fresh function: 16-23 us a request, 4% of a
 * warm command's CPU. Node made the property End-of-Life (nodejs/node#58618) and, before that,
 * stopped setting prototypes for it (#59195): on a Node that still adds it, `bind` is given the
 * upstream one, which binds the same way without the property. Nothing here reads it.
 */
export function bindWithoutDeprecatedProperty(): void {
  if (!('asyncResource' in new AsyncResource('probe').bind(() => undefined))) return;
  AsyncResource.prototype.bind = function bind<Func extends (...args: never[]) => unknown>(
    this: AsyncResource,
    fn: Func,
    thisArg?: unknown,
  ): Func {
    if (typeof fn !== 'function') throw new TypeError('The "fn" argument must be of type function');
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the bound function runs `fn` in this resource's scope
    const resource = this;
    const target = fn as unknown as (...args: unknown[]) => unknown;
    const bound =
      thisArg === undefined
        ? function (this: unknown, ...args: unknown[]) {
            return resource.runInAsyncScope(target, this, ...args);
          }
        : resource.runInAsyncScope.bind(resource, target, thisArg);
    Object.defineProperty(bound, 'length', { configurable: true, enumerable: false, value: fn.length, writable: false });
    return bound as unknown as Func;
  };
}
