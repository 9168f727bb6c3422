/**
 * Splits setup text into commands and words the way a POSIX shell would for the subset we
 * take: one command per line, `#` comments (at the start of a word), `\` + newline
 * continuation, '…' and "…" quoting and `\` escapes. Anything that would make a shell do more
 * than split words (`;`, pipes, redirections, `$` expansions, globs, `~`) is refused, so the
 * text runs the same when pasted into a real shell.
 */

import { SetupSyntaxError } from './setup-syntax-error';

export interface Word {
  readonly text: string;
  readonly line: number;
  readonly column: number;
}

/** One command: its words, first word first (never empty). */
export interface CommandLine {
  readonly words: readonly Word[];
}

export interface PositionOptions {
  /** Added to every line number: the fixture line the text starts after (default 0). */
  readonly lineOffset?: number;
  /** Added to every column: the indentation the text had in the fixture (default 0). */
  readonly columnOffset?: number;
}

const SHELL_OPERATORS = new Set(['|', '&', '<', '>', '(', ')', '`', '$']);
const GLOB = new Set(['*', '?', '[']);

export function tokenizeSetup(text: string, opts: PositionOptions = {}): CommandLine[] {
  return [...commandLines(text, opts)];
}

/**
 * The commands of `text` one at a time: a setup of a million lines is read without its
 * words ever being in memory all at once.
 */
export function* commandLines(text: string, opts: PositionOptions = {}): Generator<CommandLine, void, undefined> {
  const lineOffset = opts.lineOffset ?? 0;
  const columnOffset = opts.columnOffset ?? 0;
  let words: Word[] = [];
  let cur: { text: string; line: number; column: number } | undefined;
  let line = 1;
  let col = 1;
  let i = 0;
  const n = text.length;

  const fail = (l: number, c: number, reason: string, hint?: string): never => {
    throw new SetupSyntaxError(l + lineOffset, c + columnOffset, reason, hint);
  };
  const startWord = (): { text: string; line: number; column: number } => {
    if (cur === undefined) cur = { text: '', line, column: col };
    return cur;
  };
  const endWord = (): void => {
    if (cur !== undefined) {
      words.push({ text: cur.text, line: cur.line + lineOffset, column: cur.column + columnOffset });
      cur = undefined;
    }
  };
  /** The line's command, if it has words. */
  const endLine = (): CommandLine | undefined => {
    endWord();
    if (words.length === 0) return undefined;
    const line: CommandLine = { words };
    words = [];
    return line;
  };
  /** Consumes one character, keeping line/column right. */
  const advance = (): string => {
    const ch = text[i]!;
    i++;
    if (ch === '\n') {
      line++;
      col = 1;
    } else {
      col++;
    }
    return ch;
  };
  /** A `\` followed by a newline (or CR LF) at i: consumed, true. */
  const continuation = (): boolean => {
    if (text[i + 1] === '\n') {
      advance();
      advance();
      return true;
    }
    if (text[i + 1] === '\r' && text[i + 2] === '\n') {
      advance();
      advance();
      advance();
      return true;
    }
    return false;
  };

  while (i < n) {
    const ch = text[i]!;
    if (ch === '\n') {
      advance();
      const done = endLine();
      if (done !== undefined) yield done;
    } else if (ch === ' ' || ch === '\t' || ch === '\r') {
      advance();
      endWord();
    } else if (ch === '#' && cur === undefined) {
      while (i < n && text[i] !== '\n') advance();
    } else if (ch === '\\') {
      if (continuation()) continue;
      if (i + 1 >= n) fail(line, col, 'a "\\" at the end of the text continues nothing');
      const w = startWord();
      advance();
      w.text += advance();
    } else if (ch === "'") {
      const w = startWord();
      const qLine = line;
      const qCol = col;
      advance();
      while (i < n && text[i] !== "'") w.text += advance();
      if (i >= n) fail(qLine, qCol, 'unterminated \' quote');
      advance();
    } else if (ch === '"') {
      const w = startWord();
      const qLine = line;
      const qCol = col;
      advance();
      while (i < n && text[i] !== '"') {
        const c = text[i]!;
        if (c === '$' || c === '`') {
          fail(line, col, `shell expansion "${c}" is not supported`, 'setup text is not run by a shell; write values literally');
        }
        if (c === '\\') {
          if (continuation()) continue;
          const next = text[i + 1];
          if (next === '"' || next === '\\' || next === '$' || next === '`') {
            advance();
            w.text += advance();
            continue;
          }
        }
        w.text += advance();
      }
      if (i >= n) fail(qLine, qCol, 'unterminated " quote');
      advance();
    } else if (ch === ';') {
      fail(line, col, '";" is not supported', 'write one command per line');
    } else if (SHELL_OPERATORS.has(ch)) {
      fail(line, col, `shell syntax "${ch}" is not supported`, 'setup text is not run by a shell: one plain command per line');
    } else if (GLOB.has(ch) || (ch === '~' && cur === undefined)) {
      fail(line, col, `shell pattern character "${ch}" is not supported`, 'quote it if it is meant literally');
    } else {
      // A run of plain characters joins the word as one slice (no string built per character).
      let j = i + 1;
      while (j < n && isPlain(text.charCodeAt(j))) j++;
      startWord().text += text.slice(i, j);
      col += j - i;
      i = j;
    }
  }
  const last = endLine();
  if (last !== undefined) yield last;
}

/** Not white space, a quote, `\\`, `#`, or a character refused above: taken as it is. */
function isPlain(c: number): boolean {
  return PLAIN[c] === 1 || c >= 128;
}

const PLAIN = new Uint8Array(128);
for (let c = 33; c < 127; c++) PLAIN[c] = 1;
for (const ch of '\'"\\#;' + [...SHELL_OPERATORS].join('') + [...GLOB].join('') + '~') PLAIN[ch.charCodeAt(0)] = 0;
