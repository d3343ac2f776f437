/**
 * The gateway's logger: pino, JSON lines. A caller may pass its own pino instance (the CLI does, to
 * keep logs clear of its terminal summary) or just a level (tests pass `silent`).
 */
import { type DestinationStream, type Level, type Logger, pino } from 'pino';

export type LoggerOption = Logger | Level | 'silent' | undefined;

export function createLogger(option: LoggerOption, destination?: DestinationStream): Logger {
  if (option !== undefined && typeof option === 'object') return option;
  const options = {
    name: 'ots',
    level: option ?? 'info',
    // Never log credentials, whatever a caller hands to the logger.
    redact: ['req.headers["api-signature"]', 'req.headers["api-key"]', 'apiSecret', 'api_secret', 'secret'],
  };
  return destination ? pino(options, destination) : pino(options);
}
