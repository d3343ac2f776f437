/**
 * The trade service's metrics, on the gateway's registry (`GET /metrics`); docs/operations.md
 * lists them with the others.
 */
import type { MetricsRegistry } from '../metrics/registry.js';

export function createTradeMetrics(registry: MetricsRegistry) {
  return {
    requests: registry.counter(
      'ots_trade_requests_total',
      'Private API requests answered, by route and code (ok, or the error code).',
    ),
    commits: registry.counter(
      'ots_trade_commits_total',
      'Trade store transactions (one per group of commands).',
    ),
    commitSeconds: registry.histogram(
      'ots_trade_commit_seconds',
      'Time to write one group of commands and market fills to SQLite.',
      [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1],
    ),
    commandsPerCommit: registry.histogram(
      'ots_trade_commit_commands',
      'Requests answered by one trade store transaction (group commit).',
      [1, 2, 4, 8, 16, 32, 64, 128],
    ),
    accountSockets: registry.gauge('ots_account_ws_clients', 'Authenticated account websockets.'),
  };
}

export type TradeMetrics = ReturnType<typeof createTradeMetrics>;
