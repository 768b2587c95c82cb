import { type INestApplication, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { servedRoutes } from '@ledger/http';

/** A route as the HTTP server matches it: `GET /v1/cases/:id`. */
export interface AppRoute {
  readonly method: string;
  readonly path: string;
}

export const routeKey = (route: AppRoute) => `${route.method} ${route.path}`;

/**
 * Every route the running server answers, as Fastify registered it rather than from our own
 * controllers or the OpenAPI document, so nothing registered by any means can be missed. The HEAD
 * route Fastify adds beside each GET is that GET answered without a body, so it is left out.
 */
export function routesOf(app: INestApplication): AppRoute[] {
  const routes = servedRoutes(app as NestFastifyApplication);
  const gets = new Set(routes.filter((route) => route.method === 'GET').map((route) => route.path));
  return routes.filter((route) => !(route.method === 'HEAD' && gets.has(route.path)));
}

/** The controller class and method behind a Nest route, found through Nest's own routing metadata. */
export interface RouteHandler {
  readonly controller: object;
  readonly handler: object;
  /** The handler's method name, under which Nest keeps its parameters' metadata. */
  readonly name: string;
}

export function handlersOf(app: INestApplication): Map<string, RouteHandler> {
  const handlers = new Map<string, RouteHandler>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as { prototype: object } | null;
      if (!controller) continue;
      const base = pathsOf(Reflect.getMetadata(PATH_METADATA, controller));
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        // Read descriptors, not properties: a getter on the prototype would run without an instance.
        const handler: unknown = Object.getOwnPropertyDescriptor(controller.prototype, name)?.value;
        if (typeof handler !== 'function' || name === 'constructor') continue;
        const own = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
        if (own === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
        for (const prefix of base) {
          for (const path of pathsOf(own)) {
            const full = `/${[prefix, path]
              .map((p) => p.replace(/^\/+|\/+$/g, ''))
              .filter(Boolean)
              .join('/')}`;
            handlers.set(routeKey({ method, path: full }), { controller, handler, name });
          }
        }
      }
    }
  }
  return handlers;
}

function pathsOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  return [typeof value === 'string' ? value : ''];
}
