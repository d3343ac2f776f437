// @ots/protocol: the wire contract shared by the gateway, the SDK and the CLI. No I/O, no runtime
// dependencies; runs in Node and in browsers.
export * from './account-symbol.js';
export * from './book.js';
export * from './candle.js';
export * from './client-oid.js';
export * from './contract.js';
export * from './encodings.js';
export * from './errors.js';
export * from './hmac.js';
export * from './order.js';
export * from './pyfloat.js';
export * from './python-json.js';
export * from './sign.js';
export * from './symbols.js';
export * from './tick.js';
export * from './timestamp.js';
export * from './zhubi.js';
