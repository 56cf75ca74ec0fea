import path from 'node:path';

/** Everything the process reads from its environment, parsed once and frozen. */
export type Config = Readonly<{
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | null;
  masterKey: string | null;
  demoPassword: string | null;
  logLevel: string;
  /** Cookies marked Secure; on by default unless the server is plain http on localhost. */
  secureCookies: boolean;
  webDist: string;
  /** Where approved alert actions are sent (signed); null: they wait in the outbox. */
  webhook: Readonly<{ url: string; secret: string }> | null;
}>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
  const port = env.PORT === undefined || env.PORT === '' ? 8080 : Number(env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    problems.push(`PORT must be a port number, got "${env.PORT}"`);
  const databaseUrl = env.DATABASE_URL?.trim() || null;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push(
      'DATABASE_URL must start with postgres:// (leave it unset for the embedded SQLite database)',
    );
  }
  const masterKey = env.DOSSIER_MASTER_KEY?.trim() || null;
  if (masterKey && !/^[A-Za-z0-9+/]{43}=$/.test(masterKey) && !/^[0-9a-f]{64}$/i.test(masterKey)) {
    problems.push('DOSSIER_MASTER_KEY must be 32 bytes as 64 hex digits or base64 (44 characters)');
  }
  const demoPassword = env.DOSSIER_DEMO_PASSWORD || null;
  if (demoPassword !== null && demoPassword.length < 12)
    problems.push('DOSSIER_DEMO_PASSWORD must be at least 12 characters');
  const webhookUrl = env.DOSSIER_WEBHOOK_URL?.trim() || null;
  const webhookSecret = env.DOSSIER_WEBHOOK_SECRET ?? '';
  if (webhookUrl !== null) {
    if (!/^https?:\/\/[^\s]+$/.test(webhookUrl))
      problems.push(`DOSSIER_WEBHOOK_URL must be an http:// or https:// address, got "${webhookUrl}"`);
    if (webhookSecret.length < 16)
      problems.push(
        'DOSSIER_WEBHOOK_SECRET must be set, at least 16 characters, when DOSSIER_WEBHOOK_URL is',
      );
  }
  if (problems.length > 0) throw new Error(`Configuration problems:\n - ${problems.join('\n - ')}`);
  const repoRoot = path.resolve(import.meta.dirname, '../../..');
  return Object.freeze({
    port,
    host: env.HOST || '0.0.0.0',
    dataDir: path.resolve(env.DOSSIER_DATA_DIR || path.join(process.cwd(), 'data')),
    databaseUrl,
    masterKey,
    demoPassword,
    logLevel: env.LOG_LEVEL || (env.NODE_ENV === 'test' ? 'silent' : 'info'),
    secureCookies: env.DOSSIER_SECURE_COOKIES === 'true',
    webDist: path.join(repoRoot, 'apps/web/dist'),
    webhook: webhookUrl ? Object.freeze({ url: webhookUrl, secret: webhookSecret }) : null,
  });
}
