/**
 * A test websocket client: records every message (gunzipping binary frames), and lets a test
 * await the next message that matches, or the close. Waits fail after `WAIT_MS` with what was
 * awaited and what arrived, instead of hanging.
 */
import { gunzipSync } from 'node:zlib';
import WebSocket from 'ws';

const WAIT_MS = 10_000;

// biome-ignore lint/suspicious/noExplicitAny: test messages are read field by field.
export type Message = any;

export interface Received {
  message: Message;
  binary: boolean;
}

export class TestSocket {
  readonly received: Received[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private cursor = 0;
  private waiters: (() => void)[] = [];

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data: Buffer, binary: boolean) => {
      const text = binary ? gunzipSync(data).toString('utf8') : data.toString('utf8');
      this.received.push({ message: JSON.parse(text), binary });
      this.wake();
    });
    this.closed = new Promise((resolve) => {
      socket.on('close', (code, reason) => {
        resolve({ code, reason: reason.toString() });
        this.wake();
      });
    });
    socket.on('error', () => {});
  }

  static async open(url: string, t?: { after(fn: () => void): void }): Promise<TestSocket> {
    const socket = new WebSocket(url, { perMessageDeflate: false });
    const client = new TestSocket(socket);
    t?.after(() => socket.terminate());
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return client;
  }

  send(message: unknown): void {
    this.socket.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** The next message (after those already taken) that matches; earlier non-matching ones are skipped. */
  async next(match: (m: Message) => boolean = () => true, what = 'a message'): Promise<Message> {
    return (await this.nextReceived(match, what)).message;
  }

  async nextReceived(match: (m: Message) => boolean = () => true, what = 'a message'): Promise<Received> {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      while (this.cursor < this.received.length) {
        const r = this.received[this.cursor++];
        if (match(r.message)) return r;
      }
      if (this.socket.readyState === WebSocket.CLOSED)
        throw new Error(`socket closed while waiting for ${what}`);
      if (Date.now() > deadline) {
        const last = this.received.slice(-3).map((r) => JSON.stringify(r.message).slice(0, 200));
        throw new Error(`no ${what} within ${WAIT_MS} ms; last messages: ${last.join(' | ')}`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 200);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Sends `request` and returns the next message whose `uri` is the request's (`pong` for `ping`). */
  async request(request: { uri: string } & Record<string, unknown>): Promise<Message> {
    this.send(request);
    const uri = request.uri === 'ping' ? 'pong' : request.uri;
    return this.next((m) => m.uri === uri, `a reply to ${request.uri}`);
  }

  close(): void {
    this.socket.close();
  }

  private wake(): void {
    const waiters = this.waiters.splice(0);
    for (const w of waiters) w();
  }
}

/** Resolves once `check` is true, polling; fails with `what` after WAIT_MS. */
export async function eventually(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not true within ${WAIT_MS} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
