import { readFile, writeFile } from 'node:fs/promises';
import { isAbsolute, join, normalize } from 'node:path';
import { UserError, isUserError } from '../../../errors.ts';
import type { ProvisionNote, ProvisionedServer } from '../../provisioner.ts';
import { resolveImage } from './local-image.ts';
import { imageRuntime, innerPath } from './local-runtime.ts';
import { SERVER_MARKER, initializeDataDir, startLocalServer, type LocalHandle } from './local-server.ts';
import { commandLine, isMariadbdFor, stopProcessGroup } from './mariadb-process.ts';
import { portAnswers, waitUntilReady } from './server-probe.ts';

/** A long-lived server of an image, e.g. the demo's MariaDB 11.8 migration target. */
export interface PermanentServerOptions {
  /** Image name under imagesDir ("mariadb-11.8"). */
  readonly image: string;
  /** Fixed TCP port on 127.0.0.1. */
  readonly port: number;
  /** Server directory as an absolute path INSIDE the image ("/srv/migrate-bot/target"); data goes to its data/. */
  readonly dataDir: string;
  /** Password of the admin user; a restart re-applies it, so changing it in config takes effect. */
  readonly adminPassword: string;
  /** Default "migrate_bot". */
  readonly adminUser?: string;
  readonly imagesDir?: string;
  readonly autoBuild?: boolean;
  /** Default 256 MB. */
  readonly bufferPoolBytes?: number;
  /** Default 60 s. */
  readonly readyTimeoutMs?: number;
  readonly note?: ProvisionNote;
  readonly signal?: AbortSignal;
}

// One start at a time per directory within this process (two would fight over
// InnoDB's file locks for minutes). Across processes, call it from one place.
const starting = new Map<string, Promise<ProvisionedServer>>();

/**
 * Makes sure the permanent server runs and the admin can log in: adopts a
 * running server of that directory, else starts it (initializing the data
 * directory the first time), detached so it outlives the bot. Idempotent.
 * Its data is never deleted by this module; LocalProvisioner.destroy on its
 * handle only stops it.
 */
export async function ensurePermanentServer(options: PermanentServerOptions): Promise<ProvisionedServer> {
  const key = `${options.imagesDir ?? ''}|${options.image}|${options.dataDir}`;
  const pending = starting.get(key);
  if (pending !== undefined) return pending;
  const run = ensure(options).finally(() => starting.delete(key));
  starting.set(key, run);
  return run;
}

async function ensure(options: PermanentServerOptions): Promise<ProvisionedServer> {
  if (!isAbsolute(options.dataDir) || normalize(options.dataDir).split('/').includes('..') || normalize(options.dataDir) === '/') {
    throw new UserError('provisioner-config', { problem: `dataDir "${options.dataDir}" must be an absolute directory inside the image` });
  }
  const image = await resolveImage({
    image: options.image,
    ...(options.imagesDir !== undefined ? { imagesDir: options.imagesDir } : {}),
    ...(options.autoBuild !== undefined ? { autoBuild: options.autoBuild } : {}),
    ...(options.note ? { note: options.note } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const runtime = imageRuntime(image);
  const dir = join(image.root, normalize(options.dataDir));
  const innerData = innerPath(runtime, join(dir, 'data'));
  const admin = { user: options.adminUser ?? 'migrate_bot', password: options.adminPassword };
  const server = `permanent server ${options.image} on port ${options.port}`;
  const handleFor = (pid: number): LocalHandle => ({
    provisioner: 'local', id: `permanent-${options.port}`, pid, port: options.port, dir, root: image.root, runtime: image.name, permanent: true,
  });

  const runningPid = await readPid(join(dir, 'mariadbd.pid'));
  if (runningPid !== undefined && (await isMariadbdFor(runningPid, innerData))) {
    const argv = (await commandLine(runningPid)) ?? [];
    const runningPort = argv.find((arg) => arg.startsWith('--port='))?.slice('--port='.length);
    if (runningPort !== String(options.port)) {
      throw new UserError('permanent-port-changed', { dataDir: options.dataDir, running: runningPort ?? '?', wanted: options.port });
    }
    try {
      const endpoint = { host: '127.0.0.1', port: options.port, ...admin };
      const version = await waitUntilReady(endpoint, { server, timeoutMs: 30_000, denialIsFinal: true, ...(options.signal ? { signal: options.signal } : {}) });
      return { endpoint, version, handle: handleFor(runningPid) };
    } catch (error) {
      // Only a refused password is cured by a restart (the init file re-applies it).
      if (!isUserError(error) || !String(error.params['reason']).includes('ER_ACCESS_DENIED')) throw error;
      options.note?.(`restarting ${server} to apply the configured admin password`);
      await stopProcessGroup(runningPid, 60_000);
    }
  } else if (await portAnswers('127.0.0.1', options.port)) {
    throw new UserError('port-in-use', { port: options.port, server });
  }

  options.note?.(`starting ${server} (MariaDB ${image.version})`);
  await initializeDataDir(runtime, dir, options.signal);
  const started = await startLocalServer({
    runtime, dir, port: options.port, admin, bufferPoolBytes: options.bufferPoolBytes ?? 256 * 1024 * 1024,
    throwaway: false, server, timeoutMs: options.readyTimeoutMs ?? 60_000, ...(options.signal ? { signal: options.signal } : {}),
  });
  const handle = handleFor(started.pid);
  await writeFile(join(dir, SERVER_MARKER), `${JSON.stringify(handle)}\n`);
  return { endpoint: started.endpoint, version: started.version, handle };
}

async function readPid(file: string): Promise<number | undefined> {
  const text = await readFile(file, 'utf8').catch(() => '');
  const pid = Number.parseInt(text.trim(), 10);
  return Number.isInteger(pid) && pid > 1 ? pid : undefined;
}
