/**
 * Texts of `/migrate check`: its refusals, its answer (check-view.ts), the
 * check's lines in `/migrate list` and in the run and rollback
 * confirmations. Same keys and placeholders in both languages;
 * src/messages/i18n.ts merges them with the bot's other texts. The rules'
 * own texts come with each finding (both languages), not from here.
 */
const refusals = {
  'check-failed': 'The check of `{account}` could not read `{server}`: {reason}. Nothing was changed; try again when the server answers.',
  'require-check': '`{migration}` needs a check of `{account}` without blockers before it can run (last check: {last}). Run `/migrate check {migration} {account}`, fix what it finds, then ask again. An admin may run it anyway: `/migrate run {migration} {account} --override-check "reason"`.',
  'require-check-within': '`{migration}` needs a check of `{account}` without blockers, made within {days} days, before it can run (last check: {last}). Run `/migrate check {migration} {account}`, fix what it finds, then ask again. An admin may run it anyway: `/migrate run {migration} {account} --override-check "reason"`.',
  'override-check-admin': 'Only an admin may override the check policy with `--override-check` (your role on `{account}`: {yours}). Fix what `/migrate check {migration} {account}` finds, or ask an admin.',
  'approval-check-stale': 'The run `{operation}` of `{account}` is cancelled: `{migration}` needs a check without blockers (last check: {last}). Check again with `/migrate check {migration} {account}`, fix what it finds, then ask for the run again.',
  'override-check-reason': 'Give a reason after `--override-check`, of at most {max} characters, on one line: it goes to the audit log. Usage: `{usage}`',
} as const;

const en = {
  ...refusals,
  'help.check': 'run the migration\'s compatibility rules against the account (read only, seconds)',
  'help.run-override': 'run despite the requireCheck policy; the reason goes to the audit log (admins)',
  'check.title': 'Check of {account} for {migration}',
  'check.counts': 'Blockers: {blockers} · Warnings: {warnings} · Notices: {notices}',
  'check.ran': 'Read on `{server}` in {seconds} s, for {from} → {to}; rules run: {rules}.',
  'check.target-read': 'The settings of the target server `{server}` were compared.',
  'check.target-unread': 'The target server `{server}` did not answer: the rules about its settings said nothing.',
  'check.no-target': 'No target server is configured: the rules about its settings said nothing.',
  'check.clean': 'Nothing found: no rule of this migration stands in the way of `{account}` on {to}.',
  'check.severity.blocker': 'Blockers: the run or the application would fail',
  'check.severity.warning': 'Warnings: behaviour changes on the new version',
  'check.severity.notice': 'Notices: worth knowing',
  'check.label.blocker': 'blocker',
  'check.label.warning': 'warning',
  'check.label.notice': 'notice',
  'check.fix': 'Fix:',
  'check.line': 'line {line}',
  'check.more-objects': '… and {count} more',
  'check.more-findings': '{count} more findings are not shown here.',
  'check.full-report': 'Every object: `/migrate check` in the terminal with `--json` prints the full report.',
  'check.rollback.title': 'Going back from {from} to {to}: what the old version could not take back',
  'check.rollback.clean': 'Nothing found: no rule stands in the way of a rollback of `{account}` to {to}.',
  'check.never': 'never checked',
  'check.summary': 'checked {age} (blockers: {blockers}, warnings: {warnings})',
  'check.summary.other-server': 'checked {age} on {server}, where the account no longer is',
  'list.check': 'Last check',
  'confirm.run.last-check': 'Last check',
  'confirm.run.check-findings': 'Found by the last check ({age})',
  'confirm.run.override': 'Check policy overridden by {user}: {reason}',
  'confirm.rollback.check': 'A check just now: what {server} could not take back',
  'confirm.rollback.check-clean': 'A check just now found nothing that stops the rollback to `{server}` ({version}).',
  'confirm.rollback.check-failed': 'The rollback check could not run ({reason}); the rollback itself checks collations before it starts.',
  'discord.command.check': 'Check the account against the migration’s compatibility rules (read only)',
  'discord.option.override-check': 'Admins only: run despite the check policy; the reason goes to the audit log',
} as const;

export type CheckTextKey = keyof typeof en;
export type CheckRefusalCode = keyof typeof refusals;

const fr: Record<CheckTextKey, string> = {
  'check-failed': 'La vérification de `{account}` n’a pas pu lire `{server}` : {reason}. Rien n’a été modifié ; réessayez quand le serveur répondra.',
  'require-check': '`{migration}` exige une vérification de `{account}` sans bloquant avant de pouvoir être lancée (dernière vérification : {last}). Lancez `/migrate check {migration} {account}`, corrigez ce qu’elle trouve, puis redemandez. Un admin peut la lancer quand même : `/migrate run {migration} {account} --override-check "raison"`.',
  'require-check-within': '`{migration}` exige une vérification de `{account}` sans bloquant, faite depuis moins de {days} jours, avant de pouvoir être lancée (dernière vérification : {last}). Lancez `/migrate check {migration} {account}`, corrigez ce qu’elle trouve, puis redemandez. Un admin peut la lancer quand même : `/migrate run {migration} {account} --override-check "raison"`.',
  'override-check-admin': 'Seul un admin peut passer outre la règle de vérification avec `--override-check` (votre rôle sur `{account}` : {yours}). Corrigez ce que trouve `/migrate check {migration} {account}`, ou demandez à un admin.',
  'approval-check-stale': 'La migration `{operation}` de `{account}` est annulée : `{migration}` exige une vérification sans bloquant (dernière vérification : {last}). Vérifiez à nouveau avec `/migrate check {migration} {account}`, corrigez ce qu’elle trouve, puis redemandez la migration.',
  'override-check-reason': 'Donnez une raison après `--override-check`, d’au plus {max} caractères, sur une ligne : elle est inscrite au journal d’audit. Usage : `{usage}`',
  'help.check': 'passer les règles de compatibilité de la migration sur le compte (lecture seule, quelques secondes)',
  'help.run-override': 'lancer malgré la règle requireCheck ; la raison va au journal d’audit (admins)',
  'check.title': 'Vérification de {account} pour {migration}',
  'check.counts': 'Bloquants : {blockers} · Avertissements : {warnings} · Remarques : {notices}',
  'check.ran': 'Lu sur `{server}` en {seconds} s, pour {from} → {to} ; règles passées : {rules}.',
  'check.target-read': 'Les réglages du serveur cible `{server}` ont été comparés.',
  'check.target-unread': 'Le serveur cible `{server}` n’a pas répondu : les règles sur ses réglages n’ont rien dit.',
  'check.no-target': 'Aucun serveur cible n’est configuré : les règles sur ses réglages n’ont rien dit.',
  'check.clean': 'Rien trouvé : aucune règle de cette migration ne s’oppose au passage de `{account}` en {to}.',
  'check.severity.blocker': 'Bloquants : la migration ou l’application échouerait',
  'check.severity.warning': 'Avertissements : le comportement change avec la nouvelle version',
  'check.severity.notice': 'Remarques : bon à savoir',
  'check.label.blocker': 'bloquant',
  'check.label.warning': 'avertissement',
  'check.label.notice': 'remarque',
  'check.fix': 'Correction :',
  'check.line': 'ligne {line}',
  'check.more-objects': '… et {count} de plus',
  'check.more-findings': '{count} autres constats ne sont pas affichés ici.',
  'check.full-report': 'Tous les objets : `/migrate check` dans le terminal avec `--json` affiche le rapport complet.',
  'check.rollback.title': 'Retour de {from} vers {to} : ce que l’ancienne version ne pourrait pas reprendre',
  'check.rollback.clean': 'Rien trouvé : aucune règle ne s’oppose à un retour arrière de `{account}` vers {to}.',
  'check.never': 'jamais vérifié',
  'check.summary': 'vérifié {age} (bloquants : {blockers}, avertissements : {warnings})',
  'check.summary.other-server': 'vérifié {age} sur {server}, où le compte n’est plus',
  'list.check': 'Dernière vérification',
  'confirm.run.last-check': 'Dernière vérification',
  'confirm.run.check-findings': 'Trouvé par la dernière vérification ({age})',
  'confirm.run.override': 'Règle de vérification outrepassée par {user} : {reason}',
  'confirm.rollback.check': 'Vérification à l’instant : ce que {server} ne pourrait pas reprendre',
  'confirm.rollback.check-clean': 'Une vérification à l’instant n’a rien trouvé qui empêche le retour vers `{server}` ({version}).',
  'confirm.rollback.check-failed': 'La vérification du retour n’a pas pu s’exécuter ({reason}) ; le retour arrière vérifie lui-même les collations avant de commencer.',
  'discord.command.check': 'Vérifier le compte avec les règles de compatibilité de la migration (lecture seule)',
  'discord.option.override-check': 'Admins seulement : lancer malgré la règle de vérification ; la raison va au journal d’audit',
};

export const checkTexts = { en, fr };
