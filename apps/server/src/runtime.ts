import path from 'node:path';
import type { Config } from './config.ts';
import type { Deps } from './core/context.ts';
import { createVault, loadMasterKey } from './core/crypto.ts';
import { createLogger } from './core/logger.ts';
import { type DatabaseHandle, openDatabase } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';
import { installDefaultRules } from './features/alerts/rules.service.ts';
import { newWarningStateCache } from './rules/cache.ts';

export type Runtime = { deps: Deps; handle: DatabaseHandle; keySource: string; close(): Promise<void> };

/** Opens the database, applies migrations and loads the keys: what every command needs. */
export async function openRuntime(config: Config, opts: { migrate?: boolean } = {}): Promise<Runtime> {
  const handle = openDatabase({
    databaseUrl: config.databaseUrl,
    sqliteFile: path.join(config.dataDir, 'dossier.sqlite'),
  });
  if (opts.migrate !== false) await migrateToLatest(handle.db, handle.dialect);
  const { key, source } = loadMasterKey({ envKey: config.masterKey, dataDir: config.dataDir });
  const deps: Deps = {
    db: handle.db,
    dialect: handle.dialect,
    vault: createVault(key),
    log: createLogger(config.logLevel),
    clock: () => new Date(),
    documentsDir: path.join(config.dataDir, 'documents'),
    notifier: handle.notifier,
    warningStates: newWarningStateCache(),
  };
  if (opts.migrate !== false) await installDefaultRules(deps);
  return { deps, handle, keySource: source, close: () => handle.close() };
}
