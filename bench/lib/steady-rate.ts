/**
 * The ingest runners' measurement: `pass` runs one whole pass (fresh exchange, all the frames) and
 * says how many updates it counted in how many CPU seconds. A live feed runs for hours, so the rate
 * that matters is the steady one: the first passes are untimed (V8 keeps compiling the hot
 * functions for a while, on background threads whose CPU time the process's `cpuUsage` counts), and
 * several passes are timed together, so that one collection or late compile does not swing a round.
 * Both sides of a bench are measured the same way.
 */
export const WARM_PASSES = 2;
export const TIMED_PASSES = 3;

export async function steadyRate(
  pass: () => Promise<{ count: number; seconds: number }>,
): Promise<{ rate: number; count: number }> {
  for (let i = 0; i < WARM_PASSES; i++) await pass();
  let count = 0;
  let seconds = 0;
  let perPass = 0;
  for (let i = 0; i < TIMED_PASSES; i++) {
    const result = await pass();
    count += result.count;
    seconds += result.seconds;
    perPass = result.count;
  }
  return { rate: count / seconds, count: perPass };
}
