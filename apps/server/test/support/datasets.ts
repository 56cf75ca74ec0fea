import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * A folder of the project's shared public data sets (`shared/datasets/<name>`, beside the project
 * checkout). A clone may sit elsewhere, so: `DOSSIER_DATASETS_DIR` if set, else the first
 * `shared/datasets` found walking up from the repository, else the workplace's `/work/shared`.
 * Missing data is an error that says where it was looked for: a test needing it must not pass.
 */
export function datasetDir(name: string): string {
  const repo = path.resolve(import.meta.dirname, '../../../..');
  const candidates: string[] = [];
  if (process.env.DOSSIER_DATASETS_DIR) candidates.push(path.join(process.env.DOSSIER_DATASETS_DIR, name));
  for (let dir = repo; ; dir = path.dirname(dir)) {
    candidates.push(path.join(dir, 'shared/datasets', name));
    if (path.dirname(dir) === dir) break;
  }
  candidates.push(path.join('/work/shared/datasets', name));
  const found = candidates.find((c) => existsSync(c));
  if (!found) {
    throw new Error(
      `The ${name} data set is not on this machine. Looked in:\n  ${candidates.join('\n  ')}\nSet DOSSIER_DATASETS_DIR to the folder holding ${name}/.`,
    );
  }
  return found;
}
