import { readdir, readFile, rm } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

/** What is left of servers started under a work directory. */
export interface Leftovers {
  /** mariadbd processes whose --datadir lies under one of the given paths. */
  readonly processes: readonly { readonly pid: number; readonly argv: string }[];
  /** Entries of the work directories. */
  readonly directories: readonly string[];
}

/**
 * Lists mariadbd processes and directories started under `workDirs`. For a
 * chrooted server pass both the host path and the path the server sees
 * (e.g. `/srv/migrate-bot/run-1`), since its argv holds the latter.
 */
export async function findLeftovers(workDirs: readonly string[]): Promise<Leftovers> {
  const prefixes = workDirs.map((dir) => `--datadir=${dir.replace(/\/+$/, '')}/`);
  const processes: { pid: number; argv: string }[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const argv = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    const args = argv.split('\0');
    if (!args.some((arg) => arg.endsWith('mariadbd'))) continue;
    if (!args.some((arg) => prefixes.some((prefix) => arg.startsWith(prefix)))) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) continue;
    processes.push({ pid: Number(entry), argv: args.join(' ').trim() });
  }
  const directories: string[] = [];
  for (const dir of workDirs) {
    for (const entry of await readdir(dir).catch(() => [])) directories.push(`${dir}/${entry}`);
  }
  return { processes, directories };
}

/**
 * Kills what findLeftovers finds and removes the work directories, so a
 * failed test leaves no server running. Returns what it found.
 */
export async function removeLeftovers(workDirs: readonly string[], hostDirs: readonly string[]): Promise<Leftovers> {
  const found = await findLeftovers(workDirs);
  for (const { pid } of found.processes) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      try { process.kill(pid, 'SIGKILL'); } catch { /* already gone */ }
    }
  }
  for (let i = 0; i < 50 && (await findLeftovers(workDirs)).processes.length > 0; i++) await sleep(100);
  for (const dir of hostDirs) await rm(dir, { recursive: true, force: true });
  return found;
}
