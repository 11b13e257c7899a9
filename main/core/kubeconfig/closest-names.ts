// "Did you mean" for `eks-sso use`: the known names closest to what was typed.

function editDistance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    let diagonal = previous[0]!;
    previous[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const above = previous[j]!;
      previous[j] = Math.min(above + 1, previous[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return previous[b.length]!;
}

/** Up to `limit` names, best first: substring matches before the rest, then by edit distance. */
export function closestNames(wanted: string, names: readonly string[], limit = 3): string[] {
  const needle = wanted.toLowerCase();
  return names
    .map((name) => {
      const lower = name.toLowerCase();
      const contains = lower.includes(needle) || needle.includes(lower);
      return { name, score: editDistance(needle, lower) - (contains ? 1000 : 0) };
    })
    .sort((a, b) => a.score - b.score || a.name.localeCompare(b.name))
    .slice(0, limit)
    .map((entry) => entry.name);
}
