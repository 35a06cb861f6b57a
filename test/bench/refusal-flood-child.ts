/** The flood, from a process of its own (an attacker is not in the runner's process): forged status callbacks until told to stop, then the count. */
import { forgedStatus } from '../helpers/flood';

const port = Number(process.argv[2]);
const parallel = Number(process.argv[3] ?? 32);
let stop = false;
let sent = 0;
process.on('message', () => {
  stop = true;
});
void Promise.all(
  Array.from({ length: parallel }, async () => {
    while (!stop) {
      await forgedStatus(port);
      sent += 1;
    }
  }),
).then(() => {
  process.send?.({ sent });
  process.disconnect();
});
