import pino, { type DestinationStream, type Logger } from 'pino';

/**
 * Structured logs that never hold a sensitive value in clear: request URLs are logged without
 * their query string (a search may carry an ID number or mobile), and credentials and personal
 * fields are redacted wherever they appear.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      redact: {
        paths: [
          'req.headers.cookie',
          'req.headers.authorization',
          'res.headers["set-cookie"]',
          '*.password',
          '*.idNumber',
          '*.mobile',
          '*.email',
          '*.address',
          '*.phone',
          '*.annualIncomeBand',
        ],
        censor: '[redacted]',
      },
      serializers: {
        req: (req: { method: string; url: string; id: string; ip?: string }) => ({
          id: req.id,
          method: req.method,
          path: req.url.split('?')[0],
          ip: req.ip,
        }),
      },
    },
    destination,
  );
}
