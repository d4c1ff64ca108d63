import type { Rule } from '../rule.ts';
import { describeZone, zoneNow, zonesDiffer } from '../time-zones.ts';

/** Events created while the session zone was SYSTEM: they fire by the server's system clock zone, which the target may not share. */
export const eventSystemTimeZone: Rule = {
  id: 'event-system-time-zone',
  severity: 'warning',
  docs: 'https://mariadb.com/kb/en/create-event',
  text: {
    en: {
      title: 'Events scheduled in the SYSTEM time zone, and the target\'s system zone differs',
      explanation: 'An event keeps the time zone of the session that created it, and its schedule (AT, STARTS, ENDS, daily runs) is read in that zone. These events were created under SYSTEM, which means the operating system zone of whichever server runs them. The target\'s system zone is not the current one, so after the migration they fire at other hours (and NOW() inside them returns other values).',
      fix: 'Recreate each event with an explicit zone (SET time_zone = \'+01:00\' or a named zone, then ALTER EVENT ... ON SCHEDULE ...), or run the target with the same system time zone as the current server.',
    },
    fr: {
      title: 'Événements planifiés dans le fuseau SYSTEM, et le fuseau système de la cible diffère',
      explanation: 'Un événement garde le fuseau horaire de la session qui l\'a créé, et sa planification (AT, STARTS, ENDS, exécutions quotidiennes) est lue dans ce fuseau. Ces événements ont été créés sous SYSTEM, c\'est-à-dire le fuseau du système d\'exploitation du serveur qui les exécute. Le fuseau système de la cible n\'est pas celui du serveur actuel : après la migration, ils se déclenchent à d\'autres heures (et NOW() y renvoie d\'autres valeurs).',
      fix: 'Recréez chaque événement avec un fuseau explicite (SET time_zone = \'+01:00\' ou un fuseau nommé, puis ALTER EVENT ... ON SCHEDULE ...), ou faites tourner la cible dans le même fuseau système que le serveur actuel.',
    },
  },
  async run(ctx) {
    if (!ctx.target) return [];
    const events = (await ctx.programs()).filter((p) => p.kind === 'event' && p.timeZone?.toUpperCase() === 'SYSTEM');
    if (events.length === 0) return [];
    const [source, target] = await Promise.all([zoneNow((sql) => ctx.source(sql), 'system'), zoneNow(ctx.target, 'system')]);
    if (!zonesDiffer(source, target)) return [];
    const detail = `time_zone=SYSTEM source=${describeZone(source)} target=${describeZone(target)}`;
    return events.map((e) => ({ database: e.database, object: e.name, detail }));
  },
};

/** Enabled events while the target's scheduler does not run: they stop silently after the cutover. */
export const targetEventScheduler: Rule = {
  id: 'target-event-scheduler',
  severity: 'blocker',
  docs: 'https://mariadb.com/docs/server/ref/mdb/system-variables/event_scheduler',
  text: {
    en: {
      title: 'Enabled events, and the target\'s event scheduler is off',
      explanation: 'These events run on the current server, whose event scheduler is on. On the target event_scheduler is OFF (the default of MariaDB) or DISABLED, so after the cutover they are copied but never run again, and nothing reports it: cleanups, counters and scheduled jobs silently stop.',
      fix: 'Set event_scheduler = ON in the target server\'s configuration (and SET GLOBAL event_scheduler = ON; DISABLED needs a restart), or move these jobs to cron before the migration.',
    },
    fr: {
      title: 'Événements actifs, et le planificateur d\'événements de la cible est arrêté',
      explanation: 'Ces événements s\'exécutent sur le serveur actuel, dont le planificateur d\'événements est actif. Sur la cible, event_scheduler vaut OFF (la valeur par défaut de MariaDB) ou DISABLED : après la bascule ils sont copiés mais ne s\'exécutent plus jamais, sans que rien ne le signale ; nettoyages, compteurs et tâches planifiées s\'arrêtent en silence.',
      fix: 'Mettez event_scheduler = ON dans la configuration du serveur cible (et SET GLOBAL event_scheduler = ON ; DISABLED demande un redémarrage), ou déplacez ces tâches dans cron avant la migration.',
    },
  },
  async run(ctx) {
    if (!ctx.target) return [];
    const enabled = (await ctx.programs()).filter((p) => p.kind === 'event' && p.status === 'ENABLED');
    if (enabled.length === 0) return [];
    const source = (await ctx.variable('source', 'event_scheduler'))?.toUpperCase();
    const target = (await ctx.variable('target', 'event_scheduler'))?.toUpperCase();
    // A scheduler off on both sides changes nothing: the events did not run before either.
    if (source !== 'ON' || target === undefined || target === 'ON') return [];
    return enabled.map((e) => ({ database: e.database, object: e.name, detail: `event_scheduler source=ON target=${target}` }));
  },
};
