/**
 * The one seam between the SDK and the platform. Node gets `ws` and zlib (`node.ts`); browsers get the
 * global `WebSocket` and `DecompressionStream` (`browser.ts`). package.json `imports` picks the file
 * (`#transport`, condition `browser`), so a browser bundle never sees `ws` or a Node built-in.
 */

export interface TransportHandlers {
  onOpen(): void;
  onText(text: string): void;
  onBinary(bytes: Uint8Array): void;
  /** Fires once, whatever ended the socket (close frame, network error, failed upgrade). */
  onClose(code: number, reason: string): void;
  onError(error: Error): void;
}

export interface Transport {
  send(text: string): void;
  /** Polite close: sends a close frame. */
  close(code?: number, reason?: string): void;
  /** Drops the socket at once, for a peer that stopped answering. */
  terminate(): void;
  /** Bytes queued in the socket and not yet written. */
  readonly bufferedAmount: number;
}

/** Opens a websocket; `headers` are sent on the upgrade request where the platform allows it. */
export type OpenSocket = (
  url: string,
  headers: Record<string, string> | undefined,
  handlers: TransportHandlers,
) => Transport;

/** Gunzips a binary frame into UTF-8 text: synchronous in Node, a promise in browsers. */
export type Gunzip = (bytes: Uint8Array) => string | Promise<string>;
