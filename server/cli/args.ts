import { parseArgs } from 'node:util';

/** One command-line option, declared once for parsing and for the `--help` text. */
export interface OptionSpec {
  type: 'string' | 'boolean';
  /** How the value is shown in the help text, e.g. `<file>`. */
  value?: string;
  /** A one-letter alias (`-h`). */
  short?: string;
  /** May be given more than once; the value is then an array (empty when absent). */
  multiple?: boolean;
  /** One line for `--help`. */
  help: string;
}

/** The options of one command, by long name without the dashes. */
export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

type ValueOf<S extends OptionSpec> = S extends { type: 'boolean' }
  ? boolean
  : S extends { multiple: true }
    ? string[]
    : string | undefined;

/** Parsed options: booleans are false when absent, strings undefined, repeatables []. */
export type ParsedOptions<T extends OptionSpecs> = { -readonly [K in keyof T]: ValueOf<T[K]> };

/** A command line the user got wrong; the message says what to change. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/**
 * Parses argv (without node and the script) with `node:util` `parseArgs`, then turns what it
 * tolerated into readable errors: an unknown option, a missing or empty value (including
 * `--data --port 0`, where the next flag was taken as the value), a value given to a flag, or a
 * stray argument. With `positionals`, free words are returned in order, and a word that starts
 * with one dash but is no declared flag ("-5 °C outside") counts as a word, not an option.
 */
export function parseCommandLine<T extends OptionSpecs>(
  argv: readonly string[],
  specs: T,
  { positionals: wordsAllowed = false }: { positionals?: boolean } = {},
): { options: ParsedOptions<T>; positionals: string[] } {
  const config = Object.fromEntries(
    Object.entries(specs).map(([name, spec]) => [
      name,
      {
        type: spec.type,
        ...(spec.short ? { short: spec.short } : {}),
        ...(spec.multiple ? { multiple: true } : {}),
      },
    ]),
  );
  const { tokens } = parseArgs({
    args: [...argv],
    options: config,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const longFlags = new Set(Object.keys(specs).map((name) => `--${name}`));
  const options: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(specs)) {
    options[name] = spec.multiple ? [] : spec.type === 'boolean' ? false : undefined;
  }
  const words: string[] = [];
  const wordIndexes = new Set<number>();

  for (const token of tokens) {
    if (token.kind === 'option-terminator') continue;
    if (token.kind === 'positional') {
      if (!wordsAllowed) throw new UsageError(`unexpected argument: ${token.value}`);
      words.push(token.value);
      continue;
    }
    const spec = Object.hasOwn(specs, token.name) ? specs[token.name] : undefined;
    const whole = argv[token.index] ?? '';
    if (wordsAllowed && !token.rawName.startsWith('--') && (!spec || whole !== token.rawName)) {
      // parseArgs splits "-5 °C" into short flags, all with the index of that one argument.
      if (!wordIndexes.has(token.index)) words.push(whole);
      wordIndexes.add(token.index);
      continue;
    }
    if (!spec) throw new UsageError(`unknown option: ${token.rawName}`);
    if (spec.type === 'boolean') {
      if (token.inlineValue) throw new UsageError(`${token.rawName} takes no value`);
      options[token.name] = true;
      continue;
    }
    const value = token.value;
    const tookNextFlag = !token.inlineValue && longFlags.has(value?.split('=')[0] ?? '');
    if (value === undefined || value === '' || tookNextFlag) {
      throw new UsageError(`${token.rawName} needs a value`);
    }
    if (spec.multiple) (options[token.name] as string[]).push(value);
    else options[token.name] = value;
  }
  return { options: options as ParsedOptions<T>, positionals: words };
}

/** The `--help` text: the synopsis, then one aligned line per option. */
export function formatUsage(synopsis: string, specs: OptionSpecs): string {
  const rows = Object.entries(specs).map(([name, spec]) => ({
    flag: `--${name}${spec.value ? ` ${spec.value}` : ''}`,
    help: spec.help,
  }));
  const width = Math.max(23, ...rows.map((row) => row.flag.length + 2));
  return [
    `Usage: ${synopsis}`,
    ...rows.map((row) => `  ${row.flag.padEnd(width)}${row.help}`),
  ].join('\n');
}
