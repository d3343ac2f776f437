/** Decimals of a price or amount step: 0.01 gives 2, 0.5 gives 1, 1e-8 gives 8, 10 gives 0. */
export function decimalsOf(step: number): number {
  const text = String(step);
  const exp = text.match(/e-(\d+)$/);
  if (exp) return Number(exp[1]) + (text.split('e')[0].split('.')[1]?.length ?? 0);
  return text.split('.')[1]?.length ?? 0;
}
