/**
 * Structured logs (pino, JSON lines). Loggers carry board and connection ids;
 * share tokens never reach a log line: request URLs are logged without their query.
 */
import { pino } from 'pino';

export type Logger = pino.Logger;

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'journeyboard' },
      redact: {
        paths: ['token', '*.token', 'tokens', '*.tokens', 'headers.authorization'],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
