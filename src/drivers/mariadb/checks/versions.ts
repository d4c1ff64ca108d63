/** Version numbers as servers and configs write them: '10.11', '11.8.3-MariaDB-log'. */

/** The numeric parts of a version ('11.8.3-MariaDB' → [11, 8, 3]). */
export function versionParts(version: string): number[] {
  const match = /^\d+(\.\d+)*/.exec(version.trim());
  if (!match) throw new Error(`not a version number: ${JSON.stringify(version)}`);
  return match[0].split('.').map(Number);
}

/** Negative, zero or positive as `a` is older than, the same series as, or newer than `b`, compared on the parts both give. */
export function compareVersions(a: string, b: string): number {
  const pa = versionParts(a);
  const pb = versionParts(b);
  for (let i = 0; i < Math.min(pa.length, pb.length); i += 1) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** Whether going from `from` to `to` crosses `since` (from < since <= to), compared on major.minor. */
export function crosses(from: string, to: string, since: string): boolean {
  const series = (v: string): string => versionParts(v).slice(0, 2).join('.');
  return compareVersions(series(from), since) < 0 && compareVersions(series(to), since) >= 0;
}
