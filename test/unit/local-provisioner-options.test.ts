import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.ts';
import { LocalProvisioner } from '../../src/drivers/mariadb/provisioners/local.ts';

describe('the local provisioner’s extra server options', () => {
  it('takes --name and --name=value options and refuses anything else, naming it', () => {
    expect(() => new LocalProvisioner({ binary: '/usr/sbin/mariadbd', workDir: '/tmp/x', serverOptions: ['--performance-schema=ON', '--skip-grant-tables'] })).not.toThrow();
    for (const bad of ['performance-schema=ON', '--general-log-file=/tmp/a b', '--x; rm -rf /', '']) {
      const attempt = () => new LocalProvisioner({ binary: '/usr/sbin/mariadbd', workDir: '/tmp/x', serverOptions: [bad] });
      let thrown: unknown;
      try { attempt(); } catch (error) { thrown = error; }
      expect(thrown).toBeInstanceOf(UserError);
      expect(String((thrown as UserError).params['problem'])).toContain(`"${bad}"`);
    }
  });
});
