/** A websocket client for the account-socket tests: every message queued, awaited by predicate. */
import { gunzipSync } from 'node:zlib';
import WebSocket from 'ws';

export type Msg = Record<string, unknown>;

export class TestSocket {
  readonly ws: WebSocket;
  private readonly messages: Msg[] = [];
  private waiters: Array<{ pick: (m: Msg) => boolean; resolve: (m: Msg) => void }> = [];
  readonly closed: Promise<{ code: number; reason: string }>;

  constructor(url: string, headers: Record<string, string> = {}) {
    this.ws = new WebSocket(url, { headers });
    this.ws.on('message', (data, isBinary) => {
      const text = isBinary ? gunzipSync(data as Buffer).toString() : data.toString();
      const message = JSON.parse(text) as Msg;
      const waiter = this.waiters.find((w) => w.pick(message));
      if (waiter) {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        waiter.resolve(message);
      } else this.messages.push(message);
    });
    this.closed = new Promise((resolve) =>
      this.ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
  }

  opened(): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.ws.readyState === WebSocket.OPEN) resolve();
      this.ws.once('open', () => resolve());
      this.ws.once('error', reject);
    });
  }

  send(message: Msg): void {
    this.ws.send(JSON.stringify(message));
  }

  /** The first message (already received or to come) that `pick` accepts. */
  next(pick: (m: Msg) => boolean = () => true): Promise<Msg> {
    const at = this.messages.findIndex(pick);
    if (at >= 0) return Promise.resolve(this.messages.splice(at, 1)[0]);
    return new Promise((resolve) => this.waiters.push({ pick, resolve }));
  }

  close(): void {
    this.ws.close();
  }
}

export const uri = (name: string) => (m: Msg) => m.uri === name;
