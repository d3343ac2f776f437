import { gunzipSync } from 'node:zlib';
import WebSocket from 'ws';
import type { Gunzip, OpenSocket } from './types.js';

/** Node can put credentials on the upgrade request. */
export const canSendHeaders = true;

export const openSocket: OpenSocket = (url, headers, handlers) => {
  // permessage-deflate stays off: the protocol compresses with gzip frames when asked (`?gzip=true`).
  const socket = new WebSocket(url, { headers, perMessageDeflate: false });
  let closed = false;
  const closeOnce = (code: number, reason: string) => {
    if (closed) return;
    closed = true;
    handlers.onClose(code, reason);
  };
  socket.on('open', () => handlers.onOpen());
  socket.on('message', (data: Buffer, isBinary: boolean) => {
    if (isBinary) handlers.onBinary(data);
    else handlers.onText(data.toString('utf8'));
  });
  socket.on('unexpected-response', (_request, response) => {
    // A refused upgrade (401, 404, ...): report it with its HTTP status, then end like a close.
    handlers.onError(new Error(`websocket upgrade refused with HTTP ${response.statusCode}`));
    socket.terminate();
    closeOnce(1006, `HTTP ${response.statusCode}`);
  });
  socket.on('error', (error: Error) => handlers.onError(error));
  socket.on('close', (code: number, reason: Buffer) => closeOnce(code, reason.toString('utf8')));
  return {
    send: (text) => socket.send(text),
    close: (code, reason) => socket.close(code, reason),
    terminate: () => socket.terminate(),
    get bufferedAmount() {
      return socket.bufferedAmount;
    },
  };
};

export const gunzip: Gunzip = (bytes) => gunzipSync(bytes).toString('utf8');
