/**
 * The ingest benches' ccxt side: watch loops that count the updates ccxt resolves, run until the
 * exchange is closed at the end of the round (a watch then rejects and its loop ends).
 */
export function countWatches(watches: Array<() => Promise<unknown>>): { updates(): number; stop(): void } {
  let updates = 0;
  let running = true;
  const loop = async (watch: () => Promise<unknown>) => {
    while (running) {
      try {
        await watch();
      } catch {
        return; // closed at the end of the round
      }
      updates++;
    }
  };
  for (const watch of watches) void loop(watch);
  return {
    updates: () => updates,
    stop: () => {
      running = false;
    },
  };
}
