import pino, { type Logger } from 'pino';

export type { Logger };

// Secrets must never reach a log line, even when someone logs a whole object by mistake.
const REDACT = [
  'consumerSecret',
  'accessToken',
  'accessTokenSecret',
  'password',
  'passwordHash',
  'token',
  '*.consumerSecret',
  '*.accessToken',
  '*.accessTokenSecret',
  '*.password',
  '*.passwordHash',
  '*.token',
  'headers.authorization',
  'headers.cookie',
];

export function createLogger(level = 'info', destination?: pino.DestinationStream): Logger {
  return pino({ level, redact: { paths: REDACT, censor: '[redacted]' }, base: { app: 'parley' } }, destination);
}
