// @ots/engine: the matching engine, ledger and synthetic market behind the `sim` venue.
export * from './api.js';
export { DEFAULT_ENGINE_CONFIG, DEFAULT_MARKET_CONFIG, DEFAULT_SIM_CONTRACTS } from './defaults.js';
export { Engine, resultError } from './engine.js';
export { type SeededRandom, seededRandom } from './random.js';
export type { JournalEntry } from './restore.js';
export { SyntheticMarket } from './synthetic-market.js';
export { formatIsoUs } from './time.js';
