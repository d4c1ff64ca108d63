import { join } from 'node:path';
import { isUserError } from '../../src/errors.ts';
import {
  DEFAULT_IMAGES_DIR, buildRefusal, probeBuildHost, readMarker, resolveImage, type BuildHost,
} from '../../src/drivers/mariadb/provisioners/local-image.ts';

/** The image the suite's MariaDB 11.8 servers (provisioner, copier and run tests) start from. */
export const SUITE_IMAGE = 'mariadb-11.8';

/** Where to look and, for tests of this helper, what the machine allows and which script builds. */
export interface SuiteImageOptions {
  readonly imagesDir?: string;
  readonly host?: BuildHost;
  readonly installScript?: string;
  /** Where the helper says what it does (the build script's output included). */
  readonly log: (text: string) => void;
}

/**
 * Makes sure the suite's image exists before any test needs it, so that
 * `npm test` passes on its own on a new machine: nothing when it is built;
 * built once with scripts/install-mariadb.sh (through resolveImage, as the bot
 * builds it) when it is missing and the machine allows it; otherwise an Error
 * naming why and the command that builds it. Resolves to what it did.
 */
export async function ensureSuiteImage(options: SuiteImageOptions): Promise<'present' | 'built'> {
  const imagesDir = options.imagesDir ?? DEFAULT_IMAGES_DIR;
  const root = join(imagesDir, SUITE_IMAGE);
  if (await readMarker(root) !== undefined) return 'present';
  const host = options.host ?? await probeBuildHost();
  try {
    await resolveImage({
      image: SUITE_IMAGE, imagesDir, host,
      ...(options.installScript !== undefined ? { installScript: options.installScript } : {}),
      note: () => options.log(`The tests start MariaDB 11.8 servers from an image that is missing in ${root}: `
        + 'building it once with scripts/install-mariadb.sh (about 2 minutes, 700 MB; later runs reuse it).\n'),
      onBuildOutput: options.log,
    });
  } catch (error) {
    if (!isUserError(error)) throw error;
    if (error.code === 'image-missing') {
      const why = buildRefusal(host) ?? 'it could not be built';
      throw new Error(`The MariaDB 11.8 image the tests need is missing in ${root} and ${why}. Run \`${String(error.params['command'])}\`, then npm test again.`);
    }
    throw new Error(`Building the MariaDB 11.8 image the tests need failed:\n${String(error.params['log'] ?? error.message)}`);
  }
  return 'built';
}
