import mysql from 'mysql2/promise';
import type { Config, ProvisionerConfig } from '../config/schema.ts';
import type { Endpoint } from './endpoint.ts';
import type { Engine } from './engine.ts';
import type { Provisioner } from './provisioner.ts';
import { LocalProvisioner, ensurePermanentServer } from './mariadb/provisioners/local.ts';
import { StaticProvisioner } from './mariadb/provisioners/static.ts';
import { CommandProvisioner } from './mariadb/provisioners/command.ts';

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

/** The engine over the configured servers and provisioners. */
export class DefaultEngine implements Engine {
  private readonly provisioners = new Map<string, Provisioner>();

  constructor(private readonly config: Config) {}

  async endpointOf(serverId: string): Promise<Endpoint> {
    const server = this.config.servers.find((s) => s.id === serverId);
    if (!server) throw new Error(`unknown server ${serverId}`);
    const endpoint = { host: server.host, port: server.port, user: server.user, password: server.password };
    if (!server.managed) return endpoint;
    // A managed server (the demo's MariaDB 11.8 target) is started from its image when it is not running.
    const started = await ensurePermanentServer({
      image: server.managed.image, port: server.port, dataDir: server.managed.dataDir, adminPassword: server.password, adminUser: server.user,
    });
    return started.endpoint;
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

  async databaseSizes(endpoint: Endpoint, databases: readonly string[]): Promise<{ name: string; bytes: number }[]> {
    const connection = await mysql.createConnection({ ...endpoint, connectTimeout: 5000 });
    try {
      const [rows] = await connection.query<mysql.RowDataPacket[]>(
        'SELECT table_schema AS name, SUM(data_length + index_length) AS bytes FROM information_schema.tables WHERE table_schema IN (?) GROUP BY table_schema',
        [databases],
      );
      const sizes = new Map(rows.map((r) => [String(r['name']), Number(r['bytes'] ?? 0)]));
      return databases.map((name) => ({ name, bytes: sizes.get(name) ?? 0 }));
    } finally {
      await connection.end();
    }
  }

  async serverVersion(endpoint: Endpoint): Promise<string> {
    const connection = await mysql.createConnection({ ...endpoint, connectTimeout: 5000 });
    try {
      const [rows] = await connection.query<mysql.RowDataPacket[]>('SELECT VERSION() AS v');
      return String(rows[0]?.['v'] ?? '');
    } finally {
      await connection.end();
    }
  }

  async close(): Promise<void> {
    this.provisioners.clear();
  }
}
