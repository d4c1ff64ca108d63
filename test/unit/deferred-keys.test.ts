import { describe, expect, it } from 'vitest';
import { splitPlainKeys } from '../../src/drivers/mariadb/copier/deferred-keys.ts';

describe('splitPlainKeys', () => {
  it('takes out plain keys, keeps primary, unique, full-text and spatial keys, and leaves valid DDL', () => {
    const create = [
      'CREATE TABLE `t` (',
      '  `id` int(11) NOT NULL,',
      '  `a` varchar(10) DEFAULT NULL,',
      '  `b` text DEFAULT NULL,',
      '  PRIMARY KEY (`id`),',
      '  UNIQUE KEY `ua` (`a`),',
      '  KEY `ka` (`a`,`id`),',
      '  FULLTEXT KEY `fb` (`b`),',
      '  KEY `kb` (`b`(20))',
      ') ENGINE=InnoDB DEFAULT CHARSET=utf8mb4',
    ].join('\n');
    const split = splitPlainKeys(create);
    expect(split.keys).toEqual(['KEY `ka` (`a`,`id`)', 'KEY `kb` (`b`(20))']);
    expect(split.create).toBe([
      'CREATE TABLE `t` (',
      '  `id` int(11) NOT NULL,',
      '  `a` varchar(10) DEFAULT NULL,',
      '  `b` text DEFAULT NULL,',
      '  PRIMARY KEY (`id`),',
      '  UNIQUE KEY `ua` (`a`),',
      '  FULLTEXT KEY `fb` (`b`)',
      ') ENGINE=InnoDB DEFAULT CHARSET=utf8mb4',
    ].join('\n'));
  });

  it('leaves a table without plain keys as it is', () => {
    const create = 'CREATE TABLE `t` (\n  `id` int(11) NOT NULL,\n  PRIMARY KEY (`id`)\n) ENGINE=InnoDB';
    expect(splitPlainKeys(create)).toEqual({ create, keys: [] });
  });
});
