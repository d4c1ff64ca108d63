/**
 * A server's time zones as the rules compare them: the name the server
 * gives and the offset from UTC right now. Neither is enough alone (offsets
 * miss zones that agree today and not in six months; 'CET' and 'CEST' are
 * one zone seen in two seasons), so two zones are the same when they have
 * the same offset now and the same name (or are both fixed offsets, where
 * the offset says it all); a finding shows both.
 */
import { cell, type Query } from './read.ts';

export interface ZoneNow {
  /** @@system_time_zone ('UTC', 'CEST') or @@global.time_zone ('SYSTEM', '+02:00', 'Europe/Paris'). */
  readonly name: string;
  /** Minutes east of UTC now; null when the server cannot convert to that zone (a named zone without time zone tables). */
  readonly offset: number | null;
}

const ZONE_SQL = {
  // 'SYSTEM' in CONVERT_TZ is the server's system zone, whatever the session's zone is.
  system: "SELECT @@system_time_zone AS name, TIMESTAMPDIFF(MINUTE, UTC_TIMESTAMP(), CONVERT_TZ(UTC_TIMESTAMP(), '+00:00', 'SYSTEM')) AS off",
  global: "SELECT @@global.time_zone AS name, TIMESTAMPDIFF(MINUTE, UTC_TIMESTAMP(), CONVERT_TZ(UTC_TIMESTAMP(), '+00:00', @@global.time_zone)) AS off",
} as const;

/** The system zone (what SYSTEM means to events) or the global zone (what new sessions get) of a server. */
export async function zoneNow(query: Query, which: keyof typeof ZONE_SQL): Promise<ZoneNow> {
  const [row] = await query(ZONE_SQL[which]);
  if (!row) throw new Error('the server returned no row for its time zone');
  const off = cell(row, 'off');
  return { name: cell(row, 'name'), offset: off === '' ? null : Number(off) };
}

/** The zone new sessions run in: the global one, or the system zone it stands for when it is SYSTEM. */
export async function effectiveZone(query: Query): Promise<ZoneNow & { readonly global: string }> {
  const global = await zoneNow(query, 'global');
  return global.name.toUpperCase() === 'SYSTEM' ? { ...(await zoneNow(query, 'system')), global: global.name } : { ...global, global: global.name };
}

/** Zones without daylight saving time, which the offset alone describes ('+02:00', UTC). */
const FIXED = /^([+-]\d{1,2}:\d{2}|UTC|GMT|Etc\/UTC|Etc\/GMT|Universal|Zulu)$/i;

/** Whether two zones may put the same wall-clock time at different instants. */
export const zonesDiffer = (a: ZoneNow, b: ZoneNow): boolean =>
  a.offset !== b.offset || (a.name !== b.name && !(FIXED.test(a.name) && FIXED.test(b.name)));

/** 'UTC(+0)', 'CEST(+120)', 'Europe/Paris(?)' for a finding's detail. */
export const describeZone = (zone: ZoneNow): string =>
  `${zone.name}(${zone.offset === null ? '?' : `${zone.offset >= 0 ? '+' : ''}${zone.offset}`})`;
