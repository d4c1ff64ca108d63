import { spawnSync } from 'node:child_process';
import { access, chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { INSTALL_SCRIPT, buildRefusal, probeBuildHost, readMarker } from '../../src/drivers/mariadb/provisioners/local-image.ts';
import { ensureSuiteImage, SUITE_IMAGE } from '../helpers/suite-image.ts';

// The real script takes 2 minutes and 700 MB: these tests give resolveImage a
// stand-in that builds the same shape (mariadbd and the marker) at once, and
// records how it was called.
const STAND_IN = `#!/usr/bin/env bash
set -euo pipefail
echo "$1 $MIGRATE_BOT_IMAGES" >"$MIGRATE_BOT_IMAGES/calls"
echo "stand-in building mariadb-$1"
mkdir -p "$MIGRATE_BOT_IMAGES/mariadb-$1/usr/sbin"
printf '#!/bin/sh\\n' >"$MIGRATE_BOT_IMAGES/mariadb-$1/usr/sbin/mariadbd"
chmod 755 "$MIGRATE_BOT_IMAGES/mariadb-$1/usr/sbin/mariadbd"
echo "$1.99" >"$MIGRATE_BOT_IMAGES/mariadb-$1/.migrate-bot-image"
`;
const FAILING = '#!/usr/bin/env bash\necho "debootstrap failed; see the build log" >&2\nexit 1\n';

const root = { isRoot: true, hasDebootstrap: true, hasAptGet: true };
const notRoot = { ...root, isRoot: false };

let dir = '';
let imagesDir = '';
let logged = '';
const log = (text: string): void => { logged += text; };
const script = async (name: string, text: string): Promise<string> => {
  const path = join(dir, name);
  await writeFile(path, text);
  await chmod(path, 0o755);
  return path;
};
const ran = (): Promise<boolean> => access(join(imagesDir, 'calls')).then(() => true, () => false);

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'migrate-bot-suite-image-'));
  imagesDir = join(dir, 'images');
  await mkdir(imagesDir);
  logged = '';
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the suite image (test/global-setup.ts)', () => {
  it('does nothing when the image is built', async () => {
    const installScript = await script('install.sh', STAND_IN);
    await mkdir(join(imagesDir, SUITE_IMAGE, 'usr/sbin'), { recursive: true });
    await writeFile(join(imagesDir, SUITE_IMAGE, 'usr/sbin/mariadbd'), '#!/bin/sh\n', { mode: 0o755 });
    await writeFile(join(imagesDir, SUITE_IMAGE, '.migrate-bot-image'), '11.8.9\n');
    expect(await ensureSuiteImage({ imagesDir, host: root, installScript, log })).toBe('present');
    expect(logged).toBe('');
    expect(await ran()).toBe(false);
  });

  it('builds a missing image with the install script when the machine is root, saying why and how long', async () => {
    const installScript = await script('install.sh', STAND_IN);
    expect(await ensureSuiteImage({ imagesDir, host: root, installScript, log })).toBe('built');
    expect(await readFile(join(imagesDir, 'calls'), 'utf8')).toBe(`11.8 ${imagesDir}\n`);
    expect(await readMarker(join(imagesDir, SUITE_IMAGE))).toBe('11.8.99');
    expect(logged).toContain(`an image that is missing in ${join(imagesDir, SUITE_IMAGE)}: building it once with scripts/install-mariadb.sh (about 2 minutes`);
    expect(logged).toContain('stand-in building mariadb-11.8');
  });

  it('fails at once when not root, with the command that builds the image, and builds nothing', async () => {
    const installScript = await script('install.sh', STAND_IN);
    const failure = ensureSuiteImage({ imagesDir, host: notRoot, installScript, log });
    await expect(failure).rejects.toThrow('building needs root (debootstrap and chroot)');
    await expect(failure).rejects.toThrow(`Run \`sudo MIGRATE_BOT_IMAGES=${imagesDir} ${INSTALL_SCRIPT} 11.8\`, then npm test again.`);
    expect(await ran()).toBe(false);
    // The command names the real script, where it is.
    expect(INSTALL_SCRIPT).toBe(join(process.cwd(), 'scripts/install-mariadb.sh'));
    await access(INSTALL_SCRIPT);
  });

  it('fails at once as root when debootstrap is missing and apt-get cannot install it', async () => {
    const installScript = await script('install.sh', STAND_IN);
    const host = { isRoot: true, hasDebootstrap: false, hasAptGet: false };
    await expect(ensureSuiteImage({ imagesDir, host, installScript, log })).rejects.toThrow('building needs debootstrap, and there is no apt-get to install it');
    expect(await ran()).toBe(false);
  });

  it('reports the last lines of a failed build', async () => {
    const installScript = await script('install.sh', FAILING);
    await expect(ensureSuiteImage({ imagesDir, host: root, installScript, log })).rejects.toThrow(/image the tests need failed:\ndebootstrap failed; see the build log/);
  });
});

describe('what a machine allows', () => {
  it('builds as root with debootstrap, or with apt-get to install it; never without root', () => {
    expect(buildRefusal(root)).toBeUndefined();
    expect(buildRefusal({ isRoot: true, hasDebootstrap: false, hasAptGet: true })).toBeUndefined();
    expect(buildRefusal({ isRoot: true, hasDebootstrap: true, hasAptGet: false })).toBeUndefined();
    expect(buildRefusal(notRoot)).toMatch(/needs root/);
  });

  it('probes this process: its uid and the programs on its PATH', async () => {
    const onPath = (program: string): boolean => spawnSync('sh', ['-c', `command -v ${program}`]).status === 0;
    expect(await probeBuildHost()).toEqual({ isRoot: process.getuid?.() === 0, hasDebootstrap: onPath('debootstrap'), hasAptGet: onPath('apt-get') });
  });
});
