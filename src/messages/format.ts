import type { Locale } from './model.ts';
import type { Translate } from './i18n.ts';

/** Human sizes: 1.4 GB, 320 MB. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value >= 10 || unit === 0 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}

/** A count the way the reader groups digits: 1,234,567 in English, 1 234 567 in French. */
export function formatCount(count: number, locale: Locale): string {
  return new Intl.NumberFormat(locale).format(count);
}

/** Seconds with one decimal, in the reader's notation: 0.2 in English, 0,2 in French. */
export function formatSeconds(ms: number, locale: Locale): string {
  return new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(ms / 1000);
}

export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 90) return `${Math.max(seconds, 0)} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) return `${minutes} min`;
  const hours = Math.round(minutes / 6) / 10;
  if (hours < 48) return `${hours} h`;
  return `${Math.round(hours / 24)} d`;
}

export function formatAge(tr: Translate, then: Date, now: Date): string {
  const seconds = Math.max(0, Math.round((now.getTime() - then.getTime()) / 1000));
  if (seconds < 90) return tr('age.seconds', { n: seconds });
  if (seconds < 90 * 60) return tr('age.minutes', { n: Math.round(seconds / 60) });
  if (seconds < 48 * 3600) return tr('age.hours', { n: Math.round(seconds / 3600) });
  return tr('age.days', { n: Math.round(seconds / 86400) });
}

/** A date in UTC, the way both languages read it unambiguously: 2026-12-02 17:20 UTC. */
export function formatDate(date: Date, _locale: Locale): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
