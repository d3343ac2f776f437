/**
 * Per-IP limits of the websocket endpoints: connections per IP and bytes per second per IP.
 * Loopback clients are exempt unless `limits.limitLoopback` is set, and an exempt client costs
 * nothing on the send path (its `IpUsage` is null).
 */
import type { LimitConfig } from '../config.js';

export class IpUsage {
  connections = 0;
  /** Bytes sent in the current one-second window. */
  bytes = 0;
  constructor(readonly ip: string) {}
}

export function isLoopback(ip: string): boolean {
  return ip === '::1' || ip.startsWith('127.') || ip.startsWith('::ffff:127.');
}

export class IpLimits {
  private readonly usage = new Map<string, IpUsage>();
  private readonly window: NodeJS.Timeout;

  constructor(private readonly limits: LimitConfig) {
    this.window = setInterval(() => {
      for (const [ip, u] of this.usage) {
        u.bytes = 0;
        if (u.connections === 0) this.usage.delete(ip);
      }
    }, 1_000);
    this.window.unref();
  }

  /** The usage record a new connection from `ip` counts against, or null when the IP is exempt. */
  admit(ip: string): { usage: IpUsage | null; refused?: string } {
    if (!this.limits.limitLoopback && isLoopback(ip)) return { usage: null };
    let u = this.usage.get(ip);
    if (!u) {
      u = new IpUsage(ip);
      this.usage.set(ip, u);
    }
    const max = this.limits.maxConnectionsPerIp;
    if (max > 0 && u.connections >= max) {
      return { usage: null, refused: `at most ${max} websocket connections per IP address` };
    }
    u.connections++;
    return { usage: u };
  }

  release(usage: IpUsage | null): void {
    if (usage) usage.connections--;
  }

  /** Adds sent bytes; true when the IP is now over its bandwidth limit. */
  overBandwidth(usage: IpUsage, bytes: number): boolean {
    usage.bytes += bytes;
    const max = this.limits.maxBytesPerSecondPerIp;
    return max > 0 && usage.bytes > max;
  }

  close(): void {
    clearInterval(this.window);
  }
}
