import type { DatabaseDriver, Endpoint } from './driver.ts';
import type { Provisioner } from './provisioner.ts';

/**
 * The database side of the core: per configured server, its admin endpoint
 * and the driver of its engine (`engine:` in the config); provisioners of
 * temporary servers by id. Only the composition picks a driver.
 */
export interface Engine {
  /** The admin endpoint of a configured server; starts it first when the config manages it. */
  endpointOf(serverId: string): Promise<Endpoint>;
  /** The admin endpoint of a configured server as the config gives it, never starting it: for read-only probes (checks). */
  configuredEndpointOf(serverId: string): Endpoint;
  /** The driver of a configured server's engine; throws for an unknown server. */
  driverOf(serverId: string): DatabaseDriver;
  /** The driver of temporary servers: the engine migrations go to. */
  temporaryDriver(): DatabaseDriver;
  provisioner(provisionerId: string): Provisioner;
  close(): Promise<void>;
}
