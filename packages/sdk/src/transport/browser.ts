import type { Gunzip, OpenSocket } from './types.js';

/** Browsers cannot set headers on a websocket upgrade; the account socket authenticates another way. */
export const canSendHeaders = false;

export const openSocket: OpenSocket = (url, _headers, handlers) => {
  const socket = new WebSocket(url);
  socket.binaryType = 'arraybuffer';
  let closed = false;
  socket.onopen = () => handlers.onOpen();
  socket.onmessage = (event: MessageEvent) => {
    const data = event.data as string | ArrayBuffer;
    if (typeof data === 'string') handlers.onText(data);
    else handlers.onBinary(new Uint8Array(data));
  };
  // A browser hides the cause of a websocket error; the close event that follows carries the code.
  socket.onerror = () => handlers.onError(new Error(`websocket error on ${url}`));
  socket.onclose = (event: CloseEvent) => {
    if (closed) return;
    closed = true;
    handlers.onClose(event.code, event.reason);
  };
  return {
    send: (text) => socket.send(text),
    close: (code, reason) => socket.close(code, reason),
    // Browsers have no abortive close; the connection detaches its handlers, so a late close event is moot.
    terminate: () => socket.close(),
    get bufferedAmount() {
      return socket.bufferedAmount;
    },
  };
};

export const gunzip: Gunzip = async (bytes) => {
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Response(stream).text();
};
