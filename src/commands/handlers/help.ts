import type { Core } from '../../core.ts';
import type { RequestContext } from '../../domain/identity.ts';
import { accountsOf, allows, isAdmin, roleOf, type Permission } from '../../domain/roles.ts';
import { translator } from '../../messages/i18n.ts';
import type { Message } from '../../messages/model.ts';
import { overrideUsage, usages, type CommandName } from '../command.ts';

const needs: Record<CommandName, Permission | null> = {
  help: null, list: 'list', status: 'status', check: 'check', test: 'test', run: 'run', rollback: 'rollback', cancel: 'cancel-own',
};

/** Help lists only what this user may do on at least one of their accounts. */
export function helpMessage(core: Core, ctx: RequestContext): Message {
  const tr = translator(ctx.locale);
  const roles = isAdmin(core.config, ctx.user) ? ['admin' as const] : accountsOf(core.config, ctx.user).map((a) => roleOf(core.config, a, ctx.user));
  const visible = (Object.keys(usages) as CommandName[]).filter((name) => {
    const permission = needs[name];
    return permission === null || roles.some((role) => allows(role, permission));
  });
  const lines = visible.map((name) => `\`${usages[name]}\` — ${tr(`help.${name}`)}`);
  const admin = isAdmin(core.config, ctx.user);
  if (admin) lines.push(`\`${overrideUsage}\` — ${tr('help.run-override')}`);
  return {
    text: [tr('help.title'), ...visible.map((n) => usages[n]), ...(admin ? [overrideUsage] : [])].join('\n'),
    blocks: [
      { type: 'header', text: tr('help.title') },
      { type: 'section', text: lines.join('\n') },
      { type: 'context', text: tr('help.footer') },
    ],
  };
}
