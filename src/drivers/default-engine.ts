import type { Config, ProvisionerConfig, ServerConfig } from '../config/schema.ts';
import { checkRuleIds } from '../config/rule-ids.ts';
import type { DatabaseDriver, Endpoint } from './driver.ts';
import type { Engine } from './engine.ts';
import type { Provisioner } from './provisioner.ts';
import { LocalProvisioner, ensurePermanentServer } from './mariadb/provisioners/local.ts';
import { StaticProvisioner } from './mariadb/provisioners/static.ts';
import { CommandProvisioner } from './mariadb/provisioners/command.ts';
import { MariadbDriver } from './mariadb/mariadb-driver.ts';

function makeProvisioner(config: ProvisionerConfig): Provisioner {
  switch (config.type) {
    case 'local':
      return new LocalProvisioner({
        workDir: config.workDir, autoBuild: config.autoBuild,
        ...(config.image !== undefined ? { image: config.image } : {}),
        ...(config.binary !== undefined ? { binary: config.binary } : {}),
      });
    case 'static':
      return new StaticProvisioner(config.pool);
    case 'command':
      return new CommandProvisioner({ create: config.create, destroy: config.destroy, env: config.env });
  }
}

/** The driver of each engine the config may name; one instance serves every server of that engine. */
const drivers: Record<ServerConfig['engine'], DatabaseDriver> = { mariadb: new MariadbDriver() };

/** The engine over the configured servers and provisioners. */
export class DefaultEngine implements Engine {
  private readonly provisioners = new Map<string, Provisioner>();

  /** Throws a ValidationError when a migration's `checks.disabled` names a rule no driver has. */
  constructor(private readonly config: Config) {
    checkRuleIds(config, Object.values(drivers).flatMap((driver) => driver.checkRuleIds()));
  }

  configuredEndpointOf(serverId: string): Endpoint {
    const server = this.config.servers.find((s) => s.id === serverId);
    if (!server) throw new Error(`unknown server ${serverId}`);
    return { host: server.host, port: server.port, user: server.user, password: server.password };
  }

  async endpointOf(serverId: string): Promise<Endpoint> {
    const server = this.config.servers.find((s) => s.id === serverId);
    if (!server) throw new Error(`unknown server ${serverId}`);
    const endpoint = this.configuredEndpointOf(serverId);
    if (!server.managed) return endpoint;
    // A managed server (the demo's MariaDB 11.8 target) is started from its image when it is not running.
    const started = await ensurePermanentServer({
      image: server.managed.image, port: server.port, dataDir: server.managed.dataDir, adminPassword: server.password, adminUser: server.user,
    });
    return started.endpoint;
  }

  driverOf(serverId: string): DatabaseDriver {
    const server = this.config.servers.find((s) => s.id === serverId);
    if (!server) throw new Error(`unknown server ${serverId}`);
    return drivers[server.engine];
  }

  temporaryDriver(): DatabaseDriver {
    // Every migration goes to MariaDB today; a second target engine would name it on the migration.
    return drivers.mariadb;
  }

  provisioner(provisionerId: string): Provisioner {
    const existing = this.provisioners.get(provisionerId);
    if (existing) return existing;
    const config = this.config.provisioners[provisionerId];
    if (!config) throw new Error(`unknown provisioner ${provisionerId}`);
    const made = makeProvisioner(config);
    this.provisioners.set(provisionerId, made);
    return made;
  }

  close(): Promise<void> {
    this.provisioners.clear();
    return Promise.resolve();
  }
}
