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

describe('the local provisioner’s system time zone', () => {
  const problem = (attempt: () => unknown): string => {
    try { attempt(); } catch (error) { return String((error as UserError).params['problem']); }
    return '';
  };

  it('takes a zone name and refuses paths, POSIX rules and anything that is not a name, naming it', () => {
    for (const zone of ['Europe/Paris', 'UTC', 'America/Argentina/Buenos_Aires', 'Etc/GMT+2']) {
      expect(problem(() => new LocalProvisioner({ binary: '/usr/sbin/mariadbd', workDir: '/tmp/x', systemTimeZone: zone }))).toBe('');
    }
    for (const zone of [':/etc/localtime', '/usr/share/zoneinfo/UTC', '../../etc/passwd', 'CET-1CEST,M3.5.0,M10.5.0/3', 'Europe/Paris x', '']) {
      expect(problem(() => new LocalProvisioner({ binary: '/usr/sbin/mariadbd', workDir: '/tmp/x', systemTimeZone: zone }))).toContain(`"${zone}"`);
    }
  });

  it('refuses a zone the server\'s zoneinfo does not have before starting anything', async () => {
    const provisioner = new LocalProvisioner({ binary: '/usr/sbin/mariadbd', workDir: '/tmp/migrate-bot-zone-unit', systemTimeZone: 'Europe/Atlantis' });
    await expect(provisioner.create({ id: 'zone-unit', version: '10.11', dataBytes: 1 })).rejects.toMatchObject({
      params: { problem: 'system time zone "Europe/Atlantis" is not in /usr/sbin/mariadbd\'s /usr/share/zoneinfo' },
    });
  });
});
