/**
 * The machine's own timer floor during the voice bench: an otherwise idle process that wakes on a
 * 20 ms grid and records how late each wake-up came. On a shared, busy machine the runner's frames
 * cannot be on time more often than this process's timers are; the bench prints both side by side.
 * Stops and reports its lateness (ms, sorted) when the parent sends anything.
 */
const late: number[] = [];
const epoch = performance.now();
let n = 0;
let timer: NodeJS.Timeout | null = null;

function next(): void {
  n += 1;
  timer = setTimeout(
    () => {
      late.push(performance.now() - (epoch + n * 20));
      next();
    },
    Math.max(0, epoch + n * 20 - performance.now()),
  );
}

next();
process.once('message', () => {
  if (timer) clearTimeout(timer);
  process.send?.(
    late.sort((a, b) => a - b),
    () => process.disconnect(),
  );
});
