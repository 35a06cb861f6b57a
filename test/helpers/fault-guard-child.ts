/** A process that installs the voice runner's fault guard, lets errors escape from a call's work, and says whether it is still running. */
import { callScope, faultSentence, guardProcess } from '../../electron/core/voice/runner/fault-guard';

guardProcess((err, callId) => process.stdout.write(`${JSON.stringify({ callId, sentence: faultSentence(err) })}\n`));
callScope.run('call-1', () => {
  setTimeout(() => {
    throw new RangeError('Max payload size exceeded');
  }, 1);
});
callScope.run('call-2', () => {
  void Promise.reject(new TypeError('boom'));
});
setTimeout(() => process.stdout.write('still running\n'), 50);
