import { execFileSync } from 'node:child_process';
import path from 'node:path';

/**
 * Builds the web app once before any test runs. The browser test files each serve apps/web/dist;
 * building it from every file at once would have them overwrite each other's output.
 */
export default function setup(): void {
  if (process.env.DOSSIER_E2E_SKIP_BUILD === '1') return;
  const root = import.meta.dirname;
  execFileSync(
    process.execPath,
    [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'],
    {
      cwd: path.join(root, 'apps/web'),
      stdio: 'inherit',
      env: { ...process.env, NODE_ENV: 'production' },
    },
  );
  // The test files see the variable and do not build again.
  process.env.DOSSIER_E2E_SKIP_BUILD = '1';
}
