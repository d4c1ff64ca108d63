import { describe, expect, it } from 'vitest';
import { bareName, captures, joinCount, matchingLines } from '../../src/drivers/mariadb/checks/bodies.ts';
import { collationOverrides } from '../../src/drivers/mariadb/checks/rules/default-collation-uca1400.ts';
import { caseFolding, isOn, largestValue, sqlModeChange } from '../../src/drivers/mariadb/checks/setting-changes.ts';
import { describeZone, zonesDiffer } from '../../src/drivers/mariadb/checks/time-zones.ts';

describe('sqlModeChange', () => {
  it('lists the flags added and dropped, whatever their order and case', () => {
    expect(sqlModeChange('STRICT_TRANS_TABLES,NO_ENGINE_SUBSTITUTION', 'no_engine_substitution,ONLY_FULL_GROUP_BY,STRICT_ALL_TABLES'))
      .toEqual({ added: ['ONLY_FULL_GROUP_BY', 'STRICT_ALL_TABLES'], removed: ['STRICT_TRANS_TABLES'] });
    expect(sqlModeChange('', '')).toEqual({ added: [], removed: [] });
  });
});

describe('caseFolding (lower_case_table_names)', () => {
  const names = [{ database: 'Shop' }, { database: 'Shop', object: 'Users' }, { database: 'Shop', object: 'users' }, { database: 'Shop', object: 'Orders' },
    { database: 'Shop', object: 'items' }, { database: 'other', object: 'users' }];
  it('0 → 1: names that become lower case, and the ones that collide in one database', () => {
    expect(caseFolding('0', '1', names)).toEqual([
      { object: 'lower_case_table_names', detail: 'source=0 target=1' },
      { database: 'Shop', detail: 'becomes=shop' },
      { database: 'Shop', object: 'Users', detail: 'collides_with=users' },
      { database: 'Shop', object: 'users', detail: 'collides_with=Users' },
      { database: 'Shop', object: 'Orders', detail: 'becomes=orders' },
    ]);
  });
  it('1 → 0: only the setting (statements in another case fail; nothing on the server tells which); same value: nothing', () => {
    expect(caseFolding('1', '0', names)).toEqual([{ object: 'lower_case_table_names', detail: 'source=1 target=0' }]);
    expect(caseFolding('0', '0', names)).toEqual([]);
  });
  it('0 → 1 or 2 with every name already in lower case: nothing (such names are stored and compared as before)', () => {
    const lower = [{ database: 'shop' }, { database: 'shop', object: 'users' }, { database: 'other', object: 'users' }];
    expect([caseFolding('0', '1', lower), caseFolding('0', '2', lower)]).toEqual([[], []]);
  });
});

describe('largestValue, isOn', () => {
  it('gives the bytes a column type can hold beyond any packet limit, 0 for the small ones', () => {
    expect([largestValue('LONGBLOB'), largestValue('mediumtext'), largestValue('blob'), largestValue('tinytext'), largestValue('varchar')])
      .toEqual([4_294_967_295, 16_777_215, 65_535, 0, 0]);
    expect([isOn('ON'), isOn('1'), isOn('OFF'), isOn(null)]).toEqual([true, true, false, false]);
  });
});

describe('zonesDiffer (event-system-time-zone, target-time-zone)', () => {
  it('tells two zones apart by offset now, or by name unless both are fixed offsets', () => {
    expect(zonesDiffer({ name: 'UTC', offset: 0 }, { name: 'JST', offset: 540 })).toBe(true);
    // Same offset today, different rules in summer.
    expect(zonesDiffer({ name: 'UTC', offset: 0 }, { name: 'Europe/London', offset: 0 })).toBe(true);
    expect(zonesDiffer({ name: 'UTC', offset: 0 }, { name: '+00:00', offset: 0 })).toBe(false);
    expect(zonesDiffer({ name: 'CET', offset: 60 }, { name: 'CET', offset: 60 })).toBe(false);
    expect([describeZone({ name: 'UTC', offset: 0 }), describeZone({ name: 'EST', offset: -300 }), describeZone({ name: 'Europe/Paris', offset: null })])
      .toEqual(['UTC(+0)', 'EST(-300)', 'Europe/Paris(?)']);
  });
});

describe('collationOverrides (character_set_collations)', () => {
  it('reads full and charset-less collation names, and nothing from an empty value', () => {
    expect([...collationOverrides('utf8mb3=utf8mb3_uca1400_ai_ci, utf8mb4=uca1400_ai_ci')])
      .toEqual([['utf8mb3', 'utf8mb3_uca1400_ai_ci'], ['utf8mb4', 'utf8mb4_uca1400_ai_ci']]);
    expect(collationOverrides('').size).toBe(0);
    expect(collationOverrides(null).size).toBe(0);
  });
});

describe('program bodies', () => {
  it('counts JOIN keywords and comma joins, not commas elsewhere', () => {
    expect(joinCount('select `a`.`id` from (`db`.`a` join `db`.`b` on(`b`.`id` = `a`.`b_id`)) left join c on 1')).toBe(2);
    expect(joinCount('SELECT a.id FROM oc_a a, oc_b b, oc_c AS c WHERE b.id = a.b_id')).toBe(2);
    expect(joinCount("SELECT x FROM t WHERE y IN (1, 2) AND z = 'a,b'")).toBe(0);
  });
  it('finds lines, captures and bare table names', () => {
    expect(matchingLines('CREATE TABLE t (\n  id INT,\n  at TIMESTAMP)', /timestamp/gi)).toEqual([3]);
    expect(captures('UPDATE `shop`.`Stock` SET n=1; update orders set x=2', /\bupdate\s+([`\w.$]+)/i).map(bareName)).toEqual(['stock', 'orders']);
  });
});
