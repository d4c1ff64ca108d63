import { randomBytes } from 'node:crypto';
import type { Endpoint } from '../../../src/drivers/driver.ts';
import { LocalProvisioner } from '../../../src/drivers/mariadb/provisioners/local.ts';

/** The host's own server (MariaDB 10.11), the source of every copier test. */
export const HOST_SOURCE: Endpoint = { host: '127.0.0.1', port: 3306, user: 'root', password: '' };

/** A throwaway server started by a copier test; `stop` kills it and removes its files. */
export interface TestServer {
  readonly endpoint: Endpoint;
  readonly version: string;
  stop(): Promise<void>;
}

/**
 * Starts a temporary server through the real LocalProvisioner: the host's
 * mariadbd (`host`) or the chroot image of a version ('11.8'). Throws when
 * it cannot (missing image...): copier tests never skip.
 */
export async function startTestServer(
  kind: 'host' | '11.8', dataBytes = 256 * 1024 * 1024, serverOptions: readonly string[] = [], systemTimeZone?: string,
): Promise<TestServer> {
  const zone = systemTimeZone === undefined ? {} : { systemTimeZone };
  const provisioner = kind === 'host'
    ? new LocalProvisioner({ binary: '/usr/sbin/mariadbd', workDir: '/tmp/migrate-bot-copier-tests', serverOptions, ...zone })
    : new LocalProvisioner({ image: `mariadb-${kind}`, workDir: '/srv/migrate-bot/copier-tests', autoBuild: false, serverOptions, ...zone });
  const id = `copier-${kind.replace('.', '')}-${randomBytes(4).toString('hex')}`;
  const server = await provisioner.create({ id, version: kind === 'host' ? '10.11' : kind, dataBytes });
  return {
    endpoint: server.endpoint,
    version: server.version,
    stop: () => provisioner.destroy(server.handle),
  };
}

/** The host's MariaDB binary (10.11) as a temporary server; `serverOptions` are more mariadbd options ('--performance-schema=ON'). */
export const startHostServer = (dataBytes?: number, serverOptions?: readonly string[]): Promise<TestServer> => startTestServer('host', dataBytes, serverOptions);
/** MariaDB `version` from its chroot image; `serverOptions` and `systemTimeZone` (its TZ) as the provisioner takes them. */
export const startImageServer = (version: '11.8', dataBytes?: number, options: { serverOptions?: readonly string[]; systemTimeZone?: string } = {}): Promise<TestServer> =>
  startTestServer(version, dataBytes, options.serverOptions, options.systemTimeZone);
