/**
 * A weighted pick from `list` where the item of rank r weighs 1/(r+1)^s: a few items get most
 * of the picks, as a few documents get most of the reading. `rnd` gives numbers in [0, 1) (a
 * seeded generator, so runs repeat); one call of `rnd` per pick, a binary search over the
 * cumulative weights.
 */
export function zipf(list, rnd, s = 1) {
  const cumulative = new Float64Array(list.length);
  let total = 0;
  for (let r = 0; r < list.length; r++) cumulative[r] = total += 1 / (r + 1) ** s;
  return () => {
    const x = rnd() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return list[lo];
  };
}
