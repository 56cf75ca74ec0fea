import type { JobRunResult } from '@dossier/contract';
import type { Deps } from '../core/context.ts';
import { escalateOverdueAlerts } from '../features/alerts/alerts.escalation.ts';
import { raiseDocumentExpiryTasks } from '../features/documents/documents.jobs.ts';
import { raiseStaleProfileTasks } from '../features/quality/quality.service.ts';
import { raiseKycReviewTasks } from '../features/reviews/reviews.service.ts';

/**
 * The scheduled jobs, in order. Each is idempotent: running it twice on the same day creates
 * nothing twice (generated tasks carry a source key).
 */
const JOBS: {
  name: string;
  run: (deps: Deps, now: Date) => Promise<{ created: number; considered: number }>;
}[] = [
  { name: 'stale_profiles', run: raiseStaleProfileTasks },
  { name: 'document_expiry', run: raiseDocumentExpiryTasks },
  { name: 'kyc_reviews', run: raiseKycReviewTasks },
  // Also every minute while the server runs: a critical alert's SLA is hours, not days.
  { name: 'alert_escalation', run: escalateOverdueAlerts },
];

export async function runDailyJobs(deps: Deps, now: Date): Promise<JobRunResult[]> {
  const results: JobRunResult[] = [];
  for (const job of JOBS) results.push({ job: job.name, ...(await job.run(deps, now)) });
  return results;
}
