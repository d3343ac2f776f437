/**
 * Operations endpoints: `GET /health` (liveness and what is running) and `GET /metrics`
 * (Prometheus). The request-latency histogram is fed by `request-metrics.ts`.
 */
import type { FastifyInstance } from 'fastify';
import type { GatewayMetrics } from '../metrics/gateway-metrics.js';
import { PROMETHEUS_CONTENT_TYPE } from '../metrics/registry.js';
import type { VenueRegistry } from '../venues/registry.js';

export function registerOps(app: FastifyInstance, metrics: GatewayMetrics, venues: VenueRegistry): void {
  const startedAt = Date.now();

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
