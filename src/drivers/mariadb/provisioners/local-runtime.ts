import { access, readFile } from 'node:fs/promises';
import { constants } from 'node:fs';
import { dirname, join, relative, isAbsolute } from 'node:path';
import { UserError } from '../../../errors.ts';
import { runToCompletion } from './mariadb-process.ts';
import type { LocalImage } from './local-image.ts';

/**
 * Where a local mariadbd comes from: an image run with chroot, or a binary
 * of the host. Paths in `mariadbd` and `installDb` are as the process sees them.
 */
export interface LocalRuntime {
  /** Root fs to chroot into; undefined for a host binary. */
  readonly root: string | undefined;
  readonly mariadbd: string;
  readonly installDb: string;
  /** Full version, e.g. "11.8.9". */
  readonly version: string;
  /** For handles and messages: "mariadb-11.8" or "/usr/sbin/mariadbd". */
  readonly label: string;
}

/** The runtime of a built image (see resolveImage). */
export function imageRuntime(image: LocalImage): LocalRuntime {
  return {
    root: image.root,
    mariadbd: '/usr/sbin/mariadbd',
    installDb: '/usr/bin/mariadb-install-db',
    version: image.version,
    label: image.name,
  };
}

/**
 * The runtime of a host binary. mariadb-install-db is looked up next to it
 * (Debian puts mariadbd in sbin/ and the installer in bin/).
 */
export async function binaryRuntime(binary: string): Promise<LocalRuntime> {
  if (!isAbsolute(binary) || !(await isExecutable(binary))) {
    throw new UserError('binary-missing', { binary });
  }
  const prefix = dirname(dirname(binary));
  const candidates = [join(prefix, 'bin/mariadb-install-db'), join(dirname(binary), 'mariadb-install-db')];
  let installDb: string | undefined;
  for (const candidate of candidates) if (installDb === undefined && (await isExecutable(candidate))) installDb = candidate;
  if (installDb === undefined) throw new UserError('binary-missing', { binary: candidates[0] ?? binary });
  const { output } = await runToCompletion(binary, ['--version']);
  const version = /Ver\s+(\d+\.\d+\.\d+)/.exec(output)?.[1];
  if (version === undefined) throw new UserError('binary-missing', { binary });
  return { root: undefined, mariadbd: binary, installDb, version, label: binary };
}

/** A host path as the server process sees it (inside the chroot). */
export function innerPath(runtime: LocalRuntime, hostPath: string): string {
  if (runtime.root === undefined) return hostPath;
  const inside = relative(runtime.root, hostPath);
  if (inside.startsWith('..') || isAbsolute(inside)) {
    throw new UserError('workdir-outside-image', { workDir: hostPath, image: runtime.root });
  }
  return `/${inside}`;
}

/** uid and gid of the runtime's `mysql` user, which owns data directories. */
export async function mysqlOwner(runtime: LocalRuntime): Promise<{ uid: number; gid: number }> {
  const passwd = await readFile(join(runtime.root ?? '/', 'etc/passwd'), 'utf8');
  const fields = passwd.split('\n').find((line) => line.startsWith('mysql:'))?.split(':');
  const uid = Number(fields?.[2]);
  const gid = Number(fields?.[3]);
  if (!Number.isInteger(uid) || !Number.isInteger(gid)) {
    throw new UserError('provisioner-config', { problem: `no mysql user in ${join(runtime.root ?? '/', 'etc/passwd')}` });
  }
  return { uid, gid };
}

/** True when `version` ("11.8.9-MariaDB...") belongs to the family `wanted` ("11.8"). */
export function versionMatches(version: string, wanted: string): boolean {
  return version === wanted || version.startsWith(`${wanted}.`) || version.startsWith(`${wanted}-`);
}

async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
