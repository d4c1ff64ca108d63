/**
 * The environment of the commands the config names (cutover hooks, command
 * provisioners). The bot's own environment holds its Slack and Discord tokens
 * and database passwords (SLACK_*, DISCORD_*, MIGRATE_BOT_*, whatever the
 * config interpolates): a command gets none of it, only what a shell needs to
 * find programs and speak the right language, plus what the config gives it.
 */
const inherited = /^(PATH|HOME|LANG|LC_[A-Z]+|TZ)$/;

/** The allowlisted variables of `parent`, then `given` (the config's `env`, which wins). */
export function childEnvironment(parent: NodeJS.ProcessEnv, given: Readonly<Record<string, string>> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(parent)) {
    if (value !== undefined && inherited.test(name)) env[name] = value;
  }
  return { ...env, ...given };
}
