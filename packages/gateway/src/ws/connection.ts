/**
 * One client websocket of a quote endpoint: what it receives and how it copes with being slow.
 *
 * Frames arrive already encoded (one Buffer shared by every subscriber). While the socket keeps up
 * they are sent at once. Once more than `limits.slowClientBytes` wait unsent, the socket is
 * congested and further frames are held by key until it drains:
 * - `deliverLatest`: a newer frame for the same key replaces the held one (verbose ticks, candles);
 * - `deliverOrResync`: held frames are dropped and a fresh one is built when the socket drains
 *   (tick-v3: a new snapshot instead of the missed diffs);
 * - `deliverQueued`: every frame is kept, up to `limits.zhubiQueueFrames`, then the socket is
 *   closed (zhubi: a gap in trades would be silent data loss).
 * A congested socket never delays the others: nothing here blocks or waits.
 */
import type { WebSocket } from 'ws';
import type { LimitConfig } from '../config.js';
import type { Child } from '../metrics/registry.js';
import { type Frame, frameOf } from './frames.js';
import type { IpLimits, IpUsage } from './ip-limits.js';
import { ConnectionSubscriptions } from './subscriptions.js';

/** Close codes the gateway uses (4000-4999 are the application's range). */
export const CLOSE = {
  goingAway: 1001,
  policy: 1008,
  tooLarge: 1009,
  heartbeat: 4000,
  slow: 4001,
  rateLimit: 4002,
} as const;

export interface EndpointMetrics {
  framesOut: Child;
  bytesOut: Child;
  conflated: Child;
  dropped: Child;
  closed: (reason: string) => void;
}

/** Told when a socket becomes congested, so that it is checked for room until it drains. */
export interface CongestionWatcher {
  watch(connection: ClientConnection): void;
}

/** A stream that can build a fresh frame for a socket that missed some (tick-v3's snapshot). */
export interface ResyncSource {
  resyncFrame(): Frame | undefined;
}

type Held = Buffer | ResyncSource;

const BINARY = { binary: true } as const;
const TEXT = { binary: false } as const;

export class ClientConnection {
  /** Set by the `auth` request on endpoints that need it. */
  authed = false;
  /** Epoch ms of the last `ping` (or of the connection). */
  lastPingMs = Date.now();
  closed = false;
  /** What this socket subscribed, against the per-connection contract limit. */
  readonly subscriptions: ConnectionSubscriptions;
  private readonly held = new Map<string, Held>();
  private heldQueued = 0;
  private queueSeq = 0;
  private readonly sendOptions: typeof BINARY | typeof TEXT;
  private readonly cleanups: (() => void)[] = [];
  private readonly keyedCleanups = new Map<string, () => void>();

  constructor(
    readonly socket: WebSocket,
    readonly ip: string,
    /** The endpoint's path, e.g. `/api/v1/ws/tick`. */
    readonly endpoint: string,
    /** Frames are gzip (binary) rather than JSON text. */
    readonly gzip: boolean,
    /** Whether a missing ping closes this socket. */
    readonly heartbeat: boolean,
    private readonly limits: LimitConfig,
    private readonly metrics: EndpointMetrics,
    private readonly congestion: CongestionWatcher,
    private readonly ipLimits: IpLimits,
    private readonly ipUsage: IpUsage | null,
  ) {
    this.sendOptions = gzip ? BINARY : TEXT;
    this.subscriptions = new ConnectionSubscriptions(limits.maxContractsPerConnection);
    socket.once('close', () => this.dispose());
  }

  /**
   * Runs `cleanup` when the socket closes (unsubscribing it from every topic). A `key` replaces the
   * cleanup registered under it before, so subscribing again and again does not pile them up.
   */
  onClose(cleanup: () => void, key?: string): void {
    if (this.closed) cleanup();
    else if (key === undefined) this.cleanups.push(cleanup);
    else this.keyedCleanups.set(key, cleanup);
  }

  get congested(): boolean {
    return this.held.size > 0;
  }

  /** A reply or notice for this socket only (acks, pongs, errors). */
  reply(message: unknown): void {
    this.sendFrame(frameOf(message));
  }

  /** Sends a frame now, whatever is held (for replies, which are small and rare). */
  sendFrame(frame: Frame): void {
    this.send(frame.for(this.gzip));
  }

  /** A frame of a stream where only the latest matters (verbose ticks, candles). */
  deliverLatest(key: string, buf: Buffer): void {
    if (this.held.size > 0 || this.socket.bufferedAmount > this.limits.slowClientBytes) {
      if (this.held.has(key)) this.metrics.conflated.inc();
      this.hold(key, buf);
      return;
    }
    this.send(buf);
  }

  /** A frame of a stream that can be rebuilt (tick-v3): when congested, `resync` makes a fresh one later. */
  deliverOrResync(key: string, buf: Buffer, resync: ResyncSource): void {
    if (this.held.size > 0 || this.socket.bufferedAmount > this.limits.slowClientBytes) {
      this.metrics.dropped.inc();
      this.hold(key, resync);
      return;
    }
    this.send(buf);
  }

  /** A frame that must not be lost (zhubi): queued while congested, up to a bound, then the socket closes. */
  deliverQueued(buf: Buffer): void {
    if (this.held.size > 0 || this.socket.bufferedAmount > this.limits.slowClientBytes) {
      if (this.heldQueued >= this.limits.zhubiQueueFrames) {
        this.metrics.dropped.inc(this.heldQueued + 1);
        this.close(CLOSE.slow, 'too slow: zhubi queue full', 'slow');
        return;
      }
      this.heldQueued++;
      // NUL never starts a contract symbol, so queued keys cannot collide with conflation keys.
      this.hold(`\u0000${this.queueSeq++}`, buf);
      return;
    }
    this.send(buf);
  }

  /**
   * Sends held frames while the socket has room; true once nothing is held. Called by the
   * congestion watcher.
   */
  drain(): boolean {
    if (this.closed) return true;
    if (this.socket.bufferedAmount > this.limits.hardBufferBytes) {
      this.close(CLOSE.slow, 'too slow: send buffer over the hard limit', 'slow');
      return true;
    }
    for (const [key, held] of this.held) {
      if (this.socket.bufferedAmount > this.limits.slowClientBytes / 2) return false;
      this.held.delete(key);
      if (key.charCodeAt(0) === 0) this.heldQueued--;
      const buf = Buffer.isBuffer(held) ? held : held.resyncFrame()?.for(this.gzip);
      if (buf) this.send(buf);
      if (this.closed) return true;
    }
    return true;
  }

  /** Closes the socket, counting why. */
  close(code: number, reason: string, metricReason: string): void {
    if (this.closed) return;
    this.metrics.closed(metricReason);
    this.dispose();
    this.socket.close(code, reason);
  }

  private hold(key: string, held: Held): void {
    const first = this.held.size === 0;
    this.held.set(key, held);
    if (first) this.congestion.watch(this);
  }

  private send(buf: Buffer): void {
    if (this.closed) return;
    this.socket.send(buf, this.sendOptions);
    this.metrics.framesOut.inc();
    this.metrics.bytesOut.inc(buf.length);
    if (this.ipUsage && this.ipLimits.overBandwidth(this.ipUsage, buf.length)) {
      this.socket.send(
        frameOf({
          uri: 'status',
          code: 'rate-limit-exceed',
          message: 'this IP address is over its bandwidth limit; reconnect later',
        }).for(this.gzip),
        this.sendOptions,
      );
      this.close(CLOSE.rateLimit, 'rate limit exceeded', 'rate-limit');
    }
  }

  private dispose(): void {
    if (this.closed) return;
    this.closed = true;
    this.held.clear();
    this.heldQueued = 0;
    this.ipLimits.release(this.ipUsage);
    const cleanups = [...this.cleanups.splice(0), ...this.keyedCleanups.values()];
    this.keyedCleanups.clear();
    for (const cleanup of cleanups) cleanup();
  }
}
