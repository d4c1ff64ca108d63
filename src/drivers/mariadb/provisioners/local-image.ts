import { access, readFile, copyFile } from 'node:fs/promises';
import { constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserError } from '../../../errors.ts';
import type { ProvisionNote } from '../../provisioner.ts';
import { runToCompletion } from './mariadb-process.ts';

/** Where images live unless configured: the default of scripts/install-mariadb.sh. */
export const DEFAULT_IMAGES_DIR = process.env['MIGRATE_BOT_IMAGES'] ?? '/var/cache/migrate-bot/images';

/** The marker a finished image holds; its content is the full MariaDB version. */
export const IMAGE_MARKER = '.migrate-bot-image';

/** The one script that builds images, for the bot, the test suite and people alike. */
export const INSTALL_SCRIPT = fileURLToPath(new URL('../../../../scripts/install-mariadb.sh', import.meta.url));

/** A built image: its root fs on the host and the MariaDB version inside. */
export interface LocalImage {
  readonly name: string;
  readonly root: string;
  /** Full version from the marker, e.g. "11.8.9". */
  readonly version: string;
}

/** How to ask for an image: name, where images live, whether to build it. */
export interface ImageRequest {
  readonly image: string;
  readonly imagesDir?: string;
  readonly autoBuild?: boolean;
  /** Told once when a build starts. */
  readonly note?: ProvisionNote;
  readonly signal?: AbortSignal;
  /** What this machine allows; probed when absent. */
  readonly host?: BuildHost;
  /** The build script, INSTALL_SCRIPT unless given; it receives the version and MIGRATE_BOT_IMAGES. */
  readonly installScript?: string;
  /** The build script's output as it comes. */
  readonly onBuildOutput?: (text: string) => void;
}

/** What a build needs from the machine: root for debootstrap and chroot, and debootstrap or apt-get to install it. */
export interface BuildHost {
  readonly isRoot: boolean;
  readonly hasDebootstrap: boolean;
  readonly hasAptGet: boolean;
}

/** This process's BuildHost: its uid and the programs on its PATH. */
export async function probeBuildHost(): Promise<BuildHost> {
  const [hasDebootstrap, hasAptGet] = await Promise.all([onPath('debootstrap'), onPath('apt-get')]);
  return { isRoot: process.getuid?.() === 0, hasDebootstrap, hasAptGet };
}

/** Why this machine cannot build an image, or undefined when it can. */
export function buildRefusal(host: BuildHost): string | undefined {
  if (!host.isRoot) return 'building needs root (debootstrap and chroot)';
  if (!host.hasDebootstrap && !host.hasAptGet) return 'building needs debootstrap, and there is no apt-get to install it';
  return undefined;
}

// Builds already running in this process, so two tests wanting the same
// image wait for one debootstrap instead of racing two.
const builds = new Map<string, Promise<void>>();

/**
 * Returns the image, building it with scripts/install-mariadb.sh when it is
 * missing, the bot runs as root and autoBuild is on (the default). Otherwise
 * throws UserError('image-missing') naming the command that provides it.
 */
export async function resolveImage(request: ImageRequest): Promise<LocalImage> {
  const { image } = request;
  // The name becomes a path: refuse anything that could leave imagesDir.
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(image)) {
    throw new UserError('provisioner-config', { problem: `image name "${image}" is not a plain directory name` });
  }
  const imagesDir = request.imagesDir ?? DEFAULT_IMAGES_DIR;
  const root = join(imagesDir, image);
  const found = await readMarker(root);
  if (found !== undefined) return { name: image, root, version: found };

  const version = /^mariadb-(\d+\.\d+)$/.exec(image)?.[1];
  const command = buildCommand(version, imagesDir, root);
  if (version === undefined || request.autoBuild === false || buildRefusal(request.host ?? await probeBuildHost()) !== undefined) {
    throw new UserError('image-missing', { image, command });
  }
  let build = builds.get(root);
  if (build === undefined) {
    request.note?.(`building image ${image} (about 2 minutes)`);
    build = runBuild(request, version, imagesDir).finally(() => builds.delete(root));
    builds.set(root, build);
  }
  await build;
  const built = await readMarker(root);
  if (built === undefined) throw new UserError('image-missing', { image, command });
  return { name: image, root, version: built };
}

/**
 * mariadb-install-db resolves the host name, which the image's own
 * /etc/hosts does not know: copy the host's in before each install.
 */
export async function copyHostsInto(root: string): Promise<void> {
  await copyFile('/etc/hosts', join(root, 'etc/hosts'));
}

/** The full MariaDB version of the finished image in `root`, or undefined when there is none. */
export async function readMarker(root: string): Promise<string | undefined> {
  try {
    await access(join(root, 'usr/sbin/mariadbd'), constants.X_OK);
    return (await readFile(join(root, IMAGE_MARKER), 'utf8')).trim() || undefined;
  } catch {
    return undefined;
  }
}

function buildCommand(version: string | undefined, imagesDir: string, root: string): string {
  if (version === undefined) {
    return `build a root file system holding mariadbd in ${root} and write its full version to ${join(root, IMAGE_MARKER)}`;
  }
  const env = imagesDir === '/var/cache/migrate-bot/images' ? '' : `MIGRATE_BOT_IMAGES=${imagesDir} `;
  return `sudo ${env}${INSTALL_SCRIPT} ${version}`;
}

async function runBuild(request: ImageRequest, version: string, imagesDir: string): Promise<void> {
  const { signal, onBuildOutput } = request;
  const result = await runToCompletion('bash', [request.installScript ?? INSTALL_SCRIPT, version], {
    env: { ...process.env, MIGRATE_BOT_IMAGES: imagesDir },
    ...(signal ? { signal } : {}),
    ...(onBuildOutput ? { onOutput: onBuildOutput } : {}),
  });
  if (result.code !== 0) {
    const log = result.output.trimEnd().split('\n').slice(-8).join('\n');
    throw new UserError('image-build-failed', { image: request.image, log });
  }
}

async function onPath(program: string): Promise<boolean> {
  const dirs = (process.env['PATH'] ?? '').split(delimiter).filter((dir) => dir !== '');
  const found = await Promise.all(dirs.map((dir) => access(join(dir, program), constants.X_OK).then(() => true, () => false)));
  return found.includes(true);
}
