/**
 * A create/destroy command for the `command` provisioner's tests, written the
 * way an operator's script would be: it reads MIGRATE_* variables, starts a
 * host mariadbd (through the local provisioner) and exits while the server
 * keeps running. Usage: tsx provision-command-cli.ts create|destroy
 * (PROVISION_WORK_DIR names the work directory).
 */
import { LocalProvisioner } from '../../../src/drivers/mariadb/provisioners/local.ts';

const workDir = process.env['PROVISION_WORK_DIR'];
if (workDir === undefined) throw new Error('PROVISION_WORK_DIR is not set');
const provisioner = new LocalProvisioner({ binary: '/usr/sbin/mariadbd', workDir });

async function main(step: string | undefined): Promise<void> {
  if (step === 'create') {
    const server = await provisioner.create(
      {
        id: process.env['MIGRATE_TEMP_ID'] ?? 'unnamed',
        version: process.env['MIGRATE_VERSION'] ?? '10.11',
        dataBytes: Number(process.env['MIGRATE_DATA_BYTES'] ?? 0),
      },
      (note) => process.stderr.write(`${note}\n`),
    );
    process.stdout.write('starting…\n');
    process.stdout.write(`${JSON.stringify({ ...server.endpoint, version: server.version, handle: server.handle })}\n`);
  } else if (step === 'destroy') {
    const handle: unknown = JSON.parse(process.env['MIGRATE_HANDLE'] ?? 'null');
    if (handle !== null && typeof handle === 'object') await provisioner.destroy(handle as Record<string, unknown>);
  } else {
    throw new Error(`usage: provision-command-cli.ts create|destroy (got ${step ?? 'nothing'})`);
  }
}

main(process.argv[2]).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
