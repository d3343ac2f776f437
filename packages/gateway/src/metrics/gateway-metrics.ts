/**
 * Every metric the gateway exports at `GET /metrics`, declared once. Part of the operations
 * contract: docs/operations.md lists them.
 */
import { MetricsRegistry } from './registry.js';

export function createGatewayMetrics(registry = new MetricsRegistry()) {
  return {
    registry,
    ticksIn: registry.counter('ots_ticks_in_total', 'Ticks received from venues, by exchange.'),
    zhubiIn: registry.counter('ots_zhubi_in_total', 'Trades (zhubi) received from venues, by exchange.'),
    framesOut: registry.counter(
      'ots_frames_out_total',
      'Frames sent to websocket clients (ticks, diffs, zhubi, candles, replies), by endpoint.',
    ),
    bytesOut: registry.counter('ots_bytes_out_total', 'Bytes sent to websocket clients, by endpoint.'),
    conflated: registry.counter(
      'ots_frames_conflated_total',
      'Frames a slow client did not get because a newer one replaced them (verbose ticks), by endpoint.',
    ),
    dropped: registry.counter(
      'ots_frames_dropped_total',
      'Frames dropped for a slow client (tick-v3 diffs replaced by a snapshot, zhubi of a closed client), by endpoint.',
    ),
    clients: registry.gauge('ots_ws_clients', 'Open websocket connections, by endpoint.'),
    connections: registry.counter('ots_ws_connections_total', 'Websocket connections accepted, by endpoint.'),
    closed: registry.counter(
      'ots_ws_closed_total',
      'Websocket connections the gateway closed, by reason (heartbeat, slow, limit, frame-too-large).',
    ),
    requestErrors: registry.counter(
      'ots_ws_request_errors_total',
      'Websocket requests answered with an error, by code.',
    ),
    httpDuration: registry.histogram(
      'ots_http_request_duration_seconds',
      'HTTP request latency, by method, route and status.',
      [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    ),
  };
}

export type GatewayMetrics = ReturnType<typeof createGatewayMetrics>;
