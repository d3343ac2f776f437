// @ots/engine: the matching engine, ledger and synthetic market behind the `sim` venue.
export * from './api.js';
