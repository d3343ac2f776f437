/**
 * Operations endpoints: `GET /health` (liveness and what is running) and `GET /metrics`
 * (Prometheus), plus the request-latency hook that feeds the metrics.
 */
import type { FastifyInstance } from 'fastify';
import type { GatewayMetrics } from '../metrics/gateway-metrics.js';
import { PROMETHEUS_CONTENT_TYPE } from '../metrics/registry.js';
import type { VenueRegistry } from '../venues/registry.js';

export function registerOps(app: FastifyInstance, metrics: GatewayMetrics, venues: VenueRegistry): void {
  const startedAt = Date.now();

  // One labelled child per (method, route, status), found by one map lookup per request rather than
  // building and escaping the label set every time.
  const durations = new Map<string, { observe(value: number): void }>();
  app.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const key = `${request.method} ${reply.statusCode} ${route}`;
    let child = durations.get(key);
    if (!child) {
      child = metrics.httpDuration.labels({
        method: request.method,
        route,
        status: String(reply.statusCode),
      });
      durations.set(key, child);
    }
    child.observe(reply.elapsedTime / 1000);
    done();
  });

  app.get('/health', async () => ({
    status: 'ok',
    uptime_s: Math.round((Date.now() - startedAt) / 1000),
    venues: venues.all().map((v) => ({
      exchange: v.exchange,
      contracts: v.contracts().length,
      trading: !!v.trading,
      connected: v.connected ?? true,
    })),
  }));

  app.get('/metrics', async (_request, reply) => {
    reply.header('content-type', PROMETHEUS_CONTENT_TYPE);
    return metrics.registry.render();
  });
}
