/**
 * Many requests to the bot on localhost, a bounded number at a time, and
 * what it answered: how many got each status, and the first bodies that got
 * an answer they should not have (a 5xx, or no answer at all).
 */

export interface FloodRequest {
  /** What the request is, for a failure message (the mutated body, shortened). */
  readonly label: string;
  readonly send: () => Promise<{ status: number }>;
}

export interface FloodResult {
  readonly sent: number;
  /** Status code (or `error` for a connection that failed) to its count. */
  readonly statuses: Readonly<Record<string, number>>;
  /** Requests answered 5xx or not answered at all, with what they were. */
  readonly failures: readonly { readonly label: string; readonly outcome: string }[];
  readonly ms: number;
}

/** Sends every request, at most `concurrency` at a time; a 5xx or a dropped connection counts as a failure. */
export async function flood(requests: readonly FloodRequest[], concurrency: number): Promise<FloodResult> {
  const statuses: Record<string, number> = {};
  const failures: { label: string; outcome: string }[] = [];
  const started = Date.now();
  let next = 0;
  const lane = async () => {
    for (let index = next++; index < requests.length; index = next++) {
      const request = requests[index];
      if (!request) continue;
      let outcome: string;
      try {
        outcome = String((await request.send()).status);
      } catch (error) {
        outcome = `error: ${(error as Error).message}`;
      }
      const key = outcome.startsWith('error') ? 'error' : outcome;
      statuses[key] = (statuses[key] ?? 0) + 1;
      if (key === 'error' || key.startsWith('5')) failures.push({ label: request.label, outcome });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return { sent: requests.length, statuses, failures: failures.slice(0, 20), ms: Date.now() - started };
}

/** A body for a failure message: short enough to read. */
export function shortLabel(text: string): string {
  return text.length > 300 ? `${text.slice(0, 300)}... (${text.length} chars)` : text;
}
