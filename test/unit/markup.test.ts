import { describe, expect, it } from 'vitest';
import { parseInline, plain, toPlainText } from '../../src/messages/markup.ts';
import { mrkdwn } from '../../adapters/slack/slack-text.ts';
import { inlineToText, plainStyle, type TextStyle } from '../../adapters/shell/render-text.ts';
import { discordMarkdown } from '../../adapters/discord/markup.ts';

const marked: TextStyle = { bold: (s) => `[b]${s}[/b]`, dim: (s) => s };
const core = '*Major incompatibilities* in `shop`\nDocumentation: <https://mariadb.com/kb|the notes>';
/** Text from outside as it could come back from a server or a table name. */
const hostile = 'x <https://evil.example|click here> *y* `z` \\ @everyone [a](https://evil.example)';

describe('the inline-markup tokenizer', () => {
  it('reads bold, code, links and line breaks', () => {
    expect(parseInline(core)).toEqual([
      { kind: 'bold', children: [{ kind: 'text', text: 'Major incompatibilities' }] },
      { kind: 'text', text: ' in ' },
      { kind: 'code', text: 'shop' },
      { kind: 'break' },
      { kind: 'text', text: 'Documentation: ' },
      { kind: 'link', url: 'https://mariadb.com/kb', label: 'the notes' },
    ]);
    expect(parseInline('<https://a.example/x>')).toEqual([{ kind: 'link', url: 'https://a.example/x', label: 'https://a.example/x' }]);
  });

  it('leaves what is not markup as text: lone stars, angle brackets that are no link, unclosed code', () => {
    expect(parseInline('SELECT * FROM t WHERE a < 3 and `b')).toEqual([{ kind: 'text', text: 'SELECT * FROM t WHERE a < 3 and `b' }]);
    expect(parseInline('/migrate test <migration> [account]')).toEqual([{ kind: 'text', text: '/migrate test <migration> [account]' }]);
    expect(parseInline('*two\nlines*')).toEqual([{ kind: 'text', text: '*two' }, { kind: 'break' }, { kind: 'text', text: 'lines*' }]);
  });

  it('plain() makes outside text literal: no link, no bold, no code, the text read back as it was', () => {
    const tokens = parseInline(`Failed: ${plain(hostile)}`);
    expect(tokens).toEqual([{ kind: 'text', text: `Failed: ${hostile}` }]);
    // Inside code too: a backtick or a trailing backslash from outside cannot end the span early.
    expect(parseInline(`\`${plain('a`b\\')}\` after`)).toEqual([{ kind: 'code', text: 'a`b\\' }, { kind: 'text', text: ' after' }]);
    expect(plain('orders_2024.v-1 <migration>')).toBe('orders_2024.v-1 <migration>');
    expect(plain(42)).toBe('42');
  });
});

describe('renderers', () => {
  it('Slack mrkdwn: the core link stays a link, outside text never becomes one', () => {
    expect(mrkdwn(core)).toBe('*Major incompatibilities* in `shop`\nDocumentation: <https://mariadb.com/kb|the notes>');
    const out = mrkdwn(`Failed: ${plain(hostile)}`);
    expect(out).not.toMatch(/<https?:/);
    expect(out).toContain('&lt;https://evil.example|click here&gt;');
    expect(mrkdwn('`a & <b>`')).toBe('`a &amp; &lt;b&gt;`');
  });

  it('terminal: bold in the style, links as "label (url)", control characters from outside removed', () => {
    expect(inlineToText(core, marked)).toBe('[b]Major incompatibilities[/b] in `shop`\nDocumentation: the notes (https://mariadb.com/kb)');
    expect(inlineToText(plain('bad\x1b[31mred\x07'), plainStyle)).toBe('bad [31mred ');
    expect(inlineToText(`Failed: ${plain(hostile)}`, marked)).toBe(`Failed: ${hostile}`);
  });

  it('Discord markdown: **bold**, [label](url), outside text escaped so it is neither a masked link nor a mention', () => {
    expect(discordMarkdown(core)).toBe('**Major incompatibilities** in `shop`\nDocumentation\\: [the notes](https://mariadb.com/kb)');
    expect(discordMarkdown('<https://a.example/x>')).toBe('<https://a.example/x>');
    const out = discordMarkdown(`Failed: ${plain(hostile)}`);
    expect(out).not.toMatch(/(?<!\\)\[a(?<!\\)\]\(/);
    expect(out).toContain('\\[a\\]\\(https\\://evil.example\\)');
    expect(out).toContain('\\@everyone');
    expect(out).toContain('\\*y\\*');
    expect(discordMarkdown(`\`${plain('a`b')}\``)).toBe('`` a`b ``');
    expect(discordMarkdown('<https://a.example/p(1)|docs>')).toBe('[docs](https://a.example/p%281%29)');
  });

  it('plain text (dialogs, buttons): bold marks go, code keeps its backticks, links read "label (url)"', () => {
    expect(toPlainText(core)).toBe('Major incompatibilities in `shop`\nDocumentation: the notes (https://mariadb.com/kb)');
  });
});
