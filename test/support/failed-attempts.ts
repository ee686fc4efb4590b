/**
 * A setup file for the projects whose tests get a retry: a failed attempt says why in
 * the log, so a retry that passes does not hide what went wrong the first time.
 */
import { afterEach } from 'vitest';

afterEach(({ task }) => {
  if (task.result?.state !== 'fail') return;
  const reasons = (task.result.errors ?? []).map((error) => error.message.split('\n')[0]);
  console.error(`[retry] "${task.name}" failed an attempt: ${reasons.join('; ')}`);
});
