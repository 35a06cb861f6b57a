/** Google Analytics: a measurement id is public and Google offers no endpoint to verify it, so the check is format only. */
import { fromLines, line } from './result';
import type { CheckBody } from './types';

/** Says plainly that only the format was checked; nothing is sent to Google. */
export const googleAnalyticsCheck: CheckBody = async (ctx) => {
  const id = ctx.fields.measurementId ?? '';
  return fromLines(
    'Format check only: Google offers no endpoint to verify a measurement id.',
    [
      line('Measurement ID', 'pass', `${id} has the right format.`),
      line('API secret', 'pass', 'Has the right format.'),
      line('Live check', 'skip', 'Format check only: Google offers no endpoint to verify a measurement id or API secret.'),
    ],
    { formatOnly: true, measurementId: id },
  );
};
