/**
 * The first index in [0, length) at which `before` is false, for a sorted run where it holds of a
 * prefix and of nothing after: found by halving, not by walking.
 */
export function partitionPoint(length: number, before: (i: number) => boolean): number {
  let [lo, hi] = [0, length];
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (before(mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
