/**
 * The request-latency histogram (`ots_http_request_duration_seconds`, by method, route and status).
 *
 * Each route gets its own `onResponse` hook as it is added, holding its route pattern: reading the
 * pattern per request (`request.routeOptions`) builds an object of every route option each time.
 * Requests no route matched are counted by one app-wide hook under `route="unmatched"`. Register
 * this before any route, so that every route gets its hook.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import type { Histogram } from '../metrics/registry.js';

type Observer = { observe(value: number): void };
type OnResponse = (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => void;

const ROUTE_HOOK = Symbol('otsRequestMetrics');

export function registerRequestMetrics(app: FastifyInstance, durations: Histogram): void {
  // One labelled child per (method, route, status), found without building the label set again.
  const children = new Map<string, Observer>();
  const childOf = (method: string, route: string, status: number): Observer => {
    const key = `${method} ${status} ${route}`;
    let child = children.get(key);
    if (!child) {
      child = durations.labels({ method, route, status: String(status) });
      children.set(key, child);
    }
    return child;
  };

  const hookFor = (route: string): OnResponse => {
    // The last (method, status) seen and its child: a route answers mostly one of each.
    let lastMethod = '';
    let lastStatus = 0;
    let last: Observer | undefined;
    const hook: OnResponse = (request, reply, done) => {
      const method = request.method;
      const status = reply.statusCode;
      if (last === undefined || method !== lastMethod || status !== lastStatus) {
        last = childOf(method, route, status);
        lastMethod = method;
        lastStatus = status;
      }
      last.observe(reply.elapsedTime / 1000);
      done();
    };
    return Object.assign(hook, { [ROUTE_HOOK]: true });
  };

  app.addHook('onRoute', (route) => {
    const existing = route.onResponse;
    const hooks = existing === undefined ? [] : Array.isArray(existing) ? existing : [existing];
    if (hooks.some((h) => (h as Partial<Record<typeof ROUTE_HOOK, boolean>>)[ROUTE_HOOK])) return;
    // A new array: fastify shares the route's option arrays with the HEAD twin of a GET route.
    route.onResponse = [...hooks, hookFor(route.url)] as typeof route.onResponse;
  });

  app.addHook('onResponse', (request, reply, done) => {
    if (request.is404)
      childOf(request.method, 'unmatched', reply.statusCode).observe(reply.elapsedTime / 1000);
    done();
  });
}
