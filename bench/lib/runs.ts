/** How the benches repeat and summarise runs, so every bench reports the same way. */

/** The median (the upper one of an even count) of some measurements. */
export const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * `runs` runs of each of two sides, alternating which goes first (a, b, b, a, ...), so neither side
 * always runs on a warmer (or busier) machine.
 */
export async function alternate<Side extends string, R>(
  [first, second]: readonly [Side, Side],
  runs: number,
  run: (side: Side) => Promise<R>,
): Promise<Record<Side, R[]>> {
  const results = { [first]: [], [second]: [] } as unknown as Record<Side, R[]>;
  for (let i = 0; i < runs; i++) {
    const order = i % 2 === 0 ? [first, second] : [second, first];
    for (const side of order) results[side].push(await run(side));
  }
  return results;
}
