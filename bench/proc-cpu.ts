import { readFileSync, readdirSync } from 'node:fs';

/** User + system CPU seconds of a process (Linux /proc), 0 once it is gone. */
export function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks of 1/100 s
  } catch {
    return 0;
  }
}

/** The pid of the mariadbd whose command line satisfies `match`. */
export function mariadbdPid(match: (cmdline: string) => boolean): number {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ');
      if (cmdline.includes('mariadbd') && match(cmdline)) return Number(entry);
    } catch { /* gone meanwhile */ }
  }
  throw new Error('mariadbd process not found');
}
