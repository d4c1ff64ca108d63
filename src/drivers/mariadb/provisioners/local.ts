import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { UserError } from '../../../errors.ts';
import type { ProvisionNote, ProvisionedServer, Provisioner, TemporaryServerSpec } from '../../provisioner.ts';
import { resolveImage } from './local-image.ts';
import { binaryRuntime, imageRuntime, versionMatches, type LocalRuntime } from './local-runtime.ts';
import {
  SERVER_MARKER, bufferPoolFor, initializeDataDir, localHandleSchema, startLocalServer, type LocalHandle,
} from './local-server.ts';
import { isMariadbdFor, stopProcessGroup } from './mariadb-process.ts';
import { portAnswers } from './server-probe.ts';

export { ensurePermanentServer, type PermanentServerOptions } from './local-permanent.ts';

/** Options of the `local` provisioner: give `image` or `binary`, not both. */
export interface LocalProvisionerOptions {
  /** Image name under imagesDir, run with chroot ("mariadb-11.8"). Default: mariadb-<spec.version>. */
  readonly image?: string;
  /** Absolute path of a host mariadbd, for servers of the host's own version. */
  readonly binary?: string;
  /** Default: $MIGRATE_BOT_IMAGES or /var/cache/migrate-bot/images. */
  readonly imagesDir?: string;
  /**
   * Where server directories (`<workDir>/<spec.id>`) go; must be traversable by
   * the mysql user. With an image the chrooted server only sees the image
   * tree: a workDir inside it is used as is, any other path is taken inside
   * the image ("/var/lib/migrate-bot/temporary" means
   * `<image>/var/lib/migrate-bot/temporary`).
   */
  readonly workDir: string;
  /** Build a missing image with scripts/install-mariadb.sh when root. Default true. */
  readonly autoBuild?: boolean;
  /** How long a server may take to answer. Default 60 s. */
  readonly readyTimeoutMs?: number;
  /**
   * More mariadbd options, after the provisioner's own ("--performance-schema=ON"):
   * for settings that only a start can change. Each must be one `--name[=value]`.
   */
  readonly serverOptions?: readonly string[];
  /**
   * The servers' system time zone, a zone name of the image's zoneinfo
   * ('Europe/Paris', 'UTC'): what events created under time_zone SYSTEM run
   * by. Absent: the image's (or host's) /etc/localtime. Only a start sets it.
   */
  readonly systemTimeZone?: string;
}

/**
 * Temporary servers as local mariadbd processes, detached so they outlive the
 * bot; the handle (pid, port, directory) lets any later instance check or
 * destroy them. Each server has its own data directory, a free port on
 * 127.0.0.1 and an admin `migrate_bot` with a random password.
 */
export class LocalProvisioner implements Provisioner {
  constructor(private readonly options: LocalProvisionerOptions) {
    if (options.image !== undefined && options.binary !== undefined) {
      throw new UserError('provisioner-config', { problem: 'the local provisioner takes image or binary, not both' });
    }
    const bad = options.serverOptions?.find((o) => !/^--[a-z][a-z0-9_-]*(=\S*)?$/i.test(o));
    if (bad !== undefined) throw new UserError('provisioner-config', { problem: `server option "${bad}" must be one --name or --name=value` });
    const zone = options.systemTimeZone;
    // A zone name only: TZ also takes ':/path' and POSIX rules, which a config has no business giving.
    if (zone !== undefined && (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(zone) || zone.length > 64)) {
      throw new UserError('provisioner-config', { problem: `system time zone "${zone}" must be a zone name such as Europe/Paris or UTC` });
    }
  }

  async create(spec: TemporaryServerSpec, note?: ProvisionNote, signal?: AbortSignal): Promise<ProvisionedServer> {
    if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(spec.id)) throw new Error(`temporary server id "${spec.id}" cannot name a directory`);
    const runtime = await this.runtime(spec, note, signal);
    if (!versionMatches(runtime.version, spec.version)) {
      throw new UserError('server-version-mismatch', { expected: spec.version, actual: runtime.version, server: runtime.label });
    }
    const zone = this.options.systemTimeZone;
    // glibc takes an unknown TZ for UTC without a word: refuse it instead.
    if (zone !== undefined && !(await exists(join(runtime.root ?? '/', 'usr/share/zoneinfo', zone)))) {
      throw new UserError('provisioner-config', { problem: `system time zone "${zone}" is not in ${runtime.label}'s /usr/share/zoneinfo` });
    }
    const workDir = workDirFor(runtime, this.options.workDir);
    const dir = join(workDir, spec.id);
    // A job re-run after a crash asks again for the same id: replace what is left.
    const leftover = await readMarker(dir);
    if (leftover !== undefined) await this.destroy(leftover);
    else if (await exists(dir)) throw new Error(`${dir} exists and is not a migrate-bot server directory`);

    await mkdir(workDir, { recursive: true });
    await chmod(workDir, 0o755);
    const handle: LocalHandle = {
      provisioner: 'local', id: spec.id, pid: 0, port: 0, dir, root: runtime.root ?? null, runtime: runtime.label, permanent: false,
    };
    await mkdir(dir, { mode: 0o750 });
    await writeMarker(handle);
    try {
      note?.(`starting temporary server ${spec.id} (MariaDB ${runtime.version})`);
      await initializeDataDir(runtime, dir, signal);
      const password = randomBytes(18).toString('base64url');
      const started = await startLocalServer({
        runtime, dir, port: 'free', admin: { user: 'migrate_bot', password },
        bufferPoolBytes: bufferPoolFor(spec.dataBytes), throwaway: true, extraOptions: this.options.serverOptions ?? [],
        ...(this.options.systemTimeZone !== undefined ? { timeZone: this.options.systemTimeZone } : {}),
        server: `temporary server ${spec.id}`, timeoutMs: this.options.readyTimeoutMs ?? 60_000,
        ...(signal ? { signal } : {}),
      });
      const final: LocalHandle = { ...handle, pid: started.pid, port: started.port };
      await writeMarker(final);
      return { endpoint: started.endpoint, version: started.version, handle: final };
    } catch (error) {
      await rm(dir, { recursive: true, force: true });
      throw error;
    }
  }

  /** Stops the server (its whole process group) and removes its directory; a permanent server's data is kept. */
  async destroy(raw: Readonly<Record<string, unknown>>): Promise<void> {
    const handle = parseHandle(raw);
    if (await isMariadbdFor(handle.pid, dataDirOf(handle))) await stopProcessGroup(handle.pid);
    if (handle.permanent || !(await exists(handle.dir))) return;
    // Only a directory we marked is ever deleted, whatever the handle says.
    if ((await readMarker(handle.dir)) === undefined) throw new Error(`not removing ${handle.dir}: it has no ${SERVER_MARKER}`);
    await rm(handle.dir, { recursive: true, force: true });
  }

  async isAlive(raw: Readonly<Record<string, unknown>>): Promise<boolean> {
    const parsed = localHandleSchema.safeParse(raw);
    if (!parsed.success) return false;
    const handle = parsed.data;
    return (await isMariadbdFor(handle.pid, dataDirOf(handle))) && (await portAnswers('127.0.0.1', handle.port));
  }

  private async runtime(spec: TemporaryServerSpec, note?: ProvisionNote, signal?: AbortSignal): Promise<LocalRuntime> {
    if (this.options.binary !== undefined) return binaryRuntime(this.options.binary);
    const image = await resolveImage({
      image: this.options.image ?? `mariadb-${spec.version}`,
      ...(this.options.imagesDir !== undefined ? { imagesDir: this.options.imagesDir } : {}),
      ...(this.options.autoBuild !== undefined ? { autoBuild: this.options.autoBuild } : {}),
      ...(note ? { note } : {}),
      ...(signal ? { signal } : {}),
    });
    return imageRuntime(image);
  }
}

/** The host directory holding server directories, inside the image tree for chrooted servers. */
export function workDirFor(runtime: LocalRuntime, workDir: string): string {
  const absolute = resolve(workDir);
  if (runtime.root === undefined) return absolute;
  const inside = relative(runtime.root, absolute);
  return inside.startsWith('..') || isAbsolute(inside) ? join(runtime.root, absolute) : absolute;
}

/** The data directory as the server process sees it, which is what its argv holds. */
export function dataDirOf(handle: LocalHandle): string {
  const data = join(handle.dir, 'data');
  return handle.root === null ? data : `/${relative(handle.root, data)}`;
}

function parseHandle(raw: Readonly<Record<string, unknown>>): LocalHandle {
  const parsed = localHandleSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`not a local provisioner handle: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`);
  return parsed.data;
}

async function readMarker(dir: string): Promise<LocalHandle | undefined> {
  try {
    return localHandleSchema.parse(JSON.parse(await readFile(join(dir, SERVER_MARKER), 'utf8')));
  } catch {
    return undefined;
  }
}

async function writeMarker(handle: LocalHandle): Promise<void> {
  await writeFile(join(handle.dir, SERVER_MARKER), `${JSON.stringify(handle)}\n`, { mode: 0o644 });
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(() => true, () => false);
}
