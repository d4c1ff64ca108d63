import type { Endpoint } from './endpoint.ts';
import type { Provisioner } from './provisioner.ts';

/**
 * The database side of the core: servers by id, temporary server
 * provisioners by id, and the few facts commands need before any job runs.
 */
export interface Engine {
  /** The admin endpoint of a configured server; starts it first when the config manages it. */
  endpointOf(serverId: string): Promise<Endpoint>;
  provisioner(provisionerId: string): Provisioner;
  /** Data + index bytes of each database (information_schema estimates). */
  databaseSizes(endpoint: Endpoint, databases: readonly string[]): Promise<{ name: string; bytes: number }[]>;
  serverVersion(endpoint: Endpoint): Promise<string>;
  close(): Promise<void>;
}
