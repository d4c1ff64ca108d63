/** The terminal's ChatPort under the contract: its `--json` lines are what every reader of the terminal sees. */
import { ShellChatPort } from '../../adapters/shell/shell-chat-port.ts';
import { plainStyle } from '../../adapters/shell/render-text.ts';
import { chatPortContract } from './chat-port-contract.ts';

interface Line {
  readonly id: string;
  readonly update: boolean;
  readonly channel: string;
  readonly ephemeral: boolean;
  readonly to?: string;
  readonly text: string;
}

chatPortContract('terminal', () => {
  const lines: Line[] = [];
  const port = new ShellChatPort({ write: (line) => void lines.push(JSON.parse(line) as Line) }, true, plainStyle);
  return Promise.resolve({
    port,
    channel: 'terminal',
    users: ['alice', 'bob'] as const,
    channelTexts: () => {
      const texts = new Map<string, string>();
      for (const line of lines.filter((l) => !l.ephemeral && l.channel === 'terminal')) texts.set(line.id, line.text);
      return [...texts.values()];
    },
    privateTexts: (userId: string) => lines.filter((l) => l.ephemeral && l.to === userId).map((l) => l.text),
    dispose: () => Promise.resolve(),
  });
});
