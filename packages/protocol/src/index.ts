// @ots/protocol: the wire contract shared by the gateway, the SDK and the CLI. No I/O, no runtime
// dependencies; runs in Node and in browsers.
export * from './book.js';
export * from './contract.js';
export * from './errors.js';
export * from './order.js';
export * from './pyfloat.js';
export * from './tick.js';
export * from './timestamp.js';
