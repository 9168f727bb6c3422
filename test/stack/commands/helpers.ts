import { parseSetup, SetupSyntaxError, type SetupCommand } from '../../../src/stack/commands';

/** The one command a line parses to. */
export function one(text: string): SetupCommand {
  const cmds = parseSetup(text);
  if (cmds.length !== 1) throw new Error(`expected one command, got ${cmds.length}`);
  return cmds[0]!;
}

/** The SetupSyntaxError a text throws, as plain data. */
export function errorOf(text: string, opts: { lineOffset?: number; columnOffset?: number } = {}): { line: number; column: number; reason: string; hint?: string } {
  try {
    parseSetup(text, opts);
  } catch (e) {
    if (!(e instanceof SetupSyntaxError)) throw e;
    return { line: e.line, column: e.column, reason: e.reason, ...(e.hint !== undefined && { hint: e.hint }) };
  }
  throw new Error(`no error for ${JSON.stringify(text)}`);
}

/** A value with its position, as Arg<T> is. */
export const at = <T>(value: T, column: number, line = 1) => ({ value, line, column });
export const dev = (name: string, column: number, line = 1) => ({ name, line, column });
