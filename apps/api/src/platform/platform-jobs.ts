import type { MailMessage } from './mail.js';
import type { Platform } from './platform.js';

export const MAIL_JOB = 'mail.send';
export const REVALIDATE_JOB = 'web.revalidate';
/** The platform's queues, declared at start so modules may send to them inside transactions. */
export const platformQueues = [MAIL_JOB, REVALIDATE_JOB];

/** Job payload of {@link REVALIDATE_JOB}: cache tags the web app should drop. */
export interface RevalidateJob {
  tags: string[];
}

/**
 * The domain-free jobs: sending mail, and telling the web app which cached pages to revalidate
 * (best effort: a failure is logged and retried, never surfaced to the write that caused it).
 */
export function registerPlatformJobs(platform: Platform): void {
  platform.jobs.handle<MailMessage>(MAIL_JOB, (message) => platform.mailer.send(message));
  platform.jobs.handle<RevalidateJob>(REVALIDATE_JOB, async ({ tags }) => {
    const url = `${platform.config.publicWebUrl}/api/revalidate`;
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-revalidate-secret': platform.config.revalidateSecret,
        },
        body: JSON.stringify({ tags }),
        signal: AbortSignal.timeout(3_000),
      });
      if (!res.ok) platform.log.warn({ status: res.status, tags }, 'web revalidation refused');
    } catch (err) {
      platform.log.debug({ err, tags }, 'web revalidation skipped: web app not reachable');
    }
  });
}
