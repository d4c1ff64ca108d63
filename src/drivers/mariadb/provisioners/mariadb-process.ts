import { spawn } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Starting and stopping mariadbd processes that must outlive the bot: a
 * temporary server is destroyed by whichever worker holds its handle, maybe
 * after a restart, so the process is never tied to the bot's lifetime.
 */

/** How to launch one mariadbd: on the host, or inside a root fs with chroot. */
export interface MariadbdLaunch {
  /** Root fs to chroot into; absent for a host binary. */
  readonly root?: string;
  /** mariadbd path as seen by the process (inside the root fs when chrooted). */
  readonly binary: string;
  /** Options after --no-defaults. */
  readonly args: readonly string[];
  /** Host path of the file receiving the server's stdout and stderr. */
  readonly logFile: string;
  /** The server's system time zone (its TZ: 'Europe/Paris'); absent: the zone of its root fs (/etc/localtime). */
  readonly timeZone?: string;
}

// mariadbd gets no secrets from the bot's environment (chat tokens, database
// URLs): /proc/<pid>/environ outlives the bot.
const SERVER_ENV = { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C' };

/**
 * Starts mariadbd detached, in its own session and process group, with stdio
 * going to `logFile`, and returns its pid (also its process group id).
 * `--no-defaults` keeps the host's /etc/mysql configuration out of it.
 */
export function spawnDetached(launch: MariadbdLaunch): number {
  const argv = [launch.binary, '--no-defaults', ...launch.args];
  const [command, ...rest] = launch.root === undefined ? argv : ['chroot', launch.root, ...argv];
  const log = openSync(launch.logFile, 'a', 0o640);
  try {
    const env = launch.timeZone === undefined ? SERVER_ENV : { ...SERVER_ENV, TZ: launch.timeZone };
    const child = spawn(command!, rest, { detached: true, stdio: ['ignore', log, log], env });
    // A spawn failure also arrives as an 'error' event, which would crash the bot unheard.
    child.on('error', () => undefined);
    // The bot must be able to exit while the server runs on.
    child.unref();
    if (child.pid === undefined) throw new Error(`could not start ${launch.binary}`);
    // chroot execs mariadbd, so this pid is the server's own.
    return child.pid;
  } finally {
    closeSync(log);
  }
}

/**
 * Runs a short command to completion, returning its exit code and output (for
 * install-db, image builds). `onOutput` sees the output as it comes.
 */
export function runToCompletion(
  command: string,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; signal?: AbortSignal; timeoutMs?: number; onOutput?: (text: string) => void } = {},
): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: options.env ?? SERVER_ENV,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.timeoutMs ? { timeout: options.timeoutMs } : {}),
    });
    let output = '';
    const append = (chunk: Buffer): void => {
      // Keep the tail only: error texts want the last lines.
      output = (output + chunk.toString()).slice(-64_000);
      options.onOutput?.(chunk.toString());
    };
    child.stdout.on('data', append);
    child.stderr.on('data', append);
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), output }));
  });
}

/** True when `pid` runs and is not a zombie (a zombie no longer serves anything). */
export async function isPidAlive(pid: number): Promise<boolean> {
  if (!Number.isInteger(pid) || pid <= 1) return false;
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // The state letter follows the parenthesised command name, which may hold spaces.
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

/** The argv of a process, or undefined when it is gone. */
export async function commandLine(pid: number): Promise<string[] | undefined> {
  try {
    const raw = await readFile(`/proc/${pid}/cmdline`, 'utf8');
    return raw.split('\0').filter((part) => part !== '');
  } catch {
    return undefined;
  }
}

/**
 * True when `pid` is the mariadbd serving `dataDir` (as that process sees it).
 * Checked before any signal, so a recycled pid is never killed.
 */
export async function isMariadbdFor(pid: number, dataDir: string): Promise<boolean> {
  if (!(await isPidAlive(pid))) return false;
  const argv = await commandLine(pid);
  return argv !== undefined && argv.some((arg) => arg.endsWith('mariadbd')) && argv.includes(`--datadir=${dataDir}`);
}

/**
 * SIGTERM to the process group, then SIGKILL if it has not exited after
 * `graceMs`. Resolves once the process is gone; a missing process is fine.
 */
export async function stopProcessGroup(pid: number, graceMs = 15_000): Promise<void> {
  const signalGroup = (signal: NodeJS.Signals): void => {
    try {
      process.kill(-pid, signal);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
    }
  };
  signalGroup('SIGTERM');
  if (await waitForExit(pid, graceMs)) return;
  signalGroup('SIGKILL');
  if (!(await waitForExit(pid, 5_000))) throw new Error(`process ${pid} survived SIGKILL`);
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!(await isPidAlive(pid))) return true;
    await sleep(50);
  }
  return !(await isPidAlive(pid));
}

/** The last lines of a log file, for error texts ("" when unreadable). */
export async function logTail(file: string, lines = 12): Promise<string> {
  try {
    const text = await readFile(file, 'utf8');
    return text.trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}
