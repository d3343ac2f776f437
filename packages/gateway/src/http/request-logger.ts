/**
 * Per-request loggers built on first use.
 *
 * fastify gives every request a child of the HTTP logger that adds its `reqId` to each line. Building
 * a pino child (bindings serialised, formatters rebuilt) costs more than some routes' own work, and
 * the gateway's HTTP logger is at `warn` or above: nearly every request never writes a line. The
 * stand-in below writes exactly what the child would have written, and builds the child only when a
 * line at an enabled level is written (or something asks for the child itself).
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Bindings, ChildLoggerOptions, Logger } from 'pino';

type LogArgs = [unknown, ...unknown[]];
type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

class LazyChildLogger {
  private built: Logger | undefined;

  constructor(
    private readonly parent: Logger,
    private readonly childBindings: Bindings,
  ) {}

  /** The child fastify would have built: same bindings, no options (pino's fast path). */
  private get real(): Logger {
    if (this.built === undefined) this.built = this.parent.child(this.childBindings);
    return this.built;
  }

  private write(level: Level, args: LogArgs): void {
    // The child's level is the parent's until someone sets its own.
    if (!(this.built ?? this.parent).isLevelEnabled(level)) return;
    const real = this.real;
    (real[level] as (this: Logger, ...a: LogArgs) => void).apply(real, args);
  }

  get level(): string {
    return (this.built ?? this.parent).level;
  }

  set level(level: string) {
    this.real.level = level;
  }

  fatal(...args: LogArgs): void {
    this.write('fatal', args);
  }
  error(...args: LogArgs): void {
    this.write('error', args);
  }
  warn(...args: LogArgs): void {
    this.write('warn', args);
  }
  info(...args: LogArgs): void {
    this.write('info', args);
  }
  debug(...args: LogArgs): void {
    this.write('debug', args);
  }
  trace(...args: LogArgs): void {
    this.write('trace', args);
  }
  silent(): void {}

  isLevelEnabled(level: string): boolean {
    return (this.built ?? this.parent).isLevelEnabled(level);
  }

  bindings(): Bindings {
    return this.real.bindings();
  }

  child(bindings: Bindings, options?: ChildLoggerOptions): Logger {
    return this.real.child(bindings, options);
  }
}

/**
 * fastify's `childLoggerFactory`: a lazy child when fastify asks for nothing but bindings (every
 * request, unless a route sets its own log level or serializers), otherwise the pino child at once.
 */
export function lazyRequestLogger(
  logger: FastifyBaseLogger,
  bindings: Bindings,
  options: ChildLoggerOptions,
): FastifyBaseLogger {
  const pinoLogger = logger as unknown as Logger;
  for (const _ in options) return pinoLogger.child(bindings, options) as unknown as FastifyBaseLogger;
  return new LazyChildLogger(pinoLogger, bindings) as unknown as FastifyBaseLogger;
}
