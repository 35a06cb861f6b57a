/** Polling for the stream tests: resolves once `ready()` holds, fails after `ms` of real time. */
export async function until(ready: () => boolean, ms = 120_000, what = 'condition'): Promise<void> {
  const start = Date.now();
  while (!ready()) {
    if (Date.now() - start > ms) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
