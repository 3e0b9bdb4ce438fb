/**
 * `npm run zip:firefox` runs this after `wxt zip -b firefox`: Mozilla's add-ons linter (what
 * `web-ext lint` and addons.mozilla.org run) on the newest Firefox package in the output folder
 * (WXP_OUT_DIR, else .output). Prints every finding; exits 1 when there is an error.
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import linter from 'addons-linter';

export interface LintFinding {
  code: string;
  message: string;
  file?: string;
  line?: number;
}

export interface LintResult {
  errors: LintFinding[];
  warnings: LintFinding[];
  notices: LintFinding[];
}

/** Lints an extension package (.zip/.xpi) or folder. */
export async function lintFirefoxPackage(target: string): Promise<LintResult> {
  const instance = linter.createInstance({
    config: {
      _: [target],
      logLevel: 'fatal',
      stack: false,
      pretty: false,
      warningsAsErrors: false,
      metadata: false,
      output: 'none',
      boring: true,
      selfHosted: false,
    },
    runAsBinary: false,
  });
  const out = await instance.run();
  const pick = (list: LintFinding[] = []) =>
    list.map(({ code, message, file, line }) => ({ code, message, file, line }));
  return { errors: pick(out.errors), warnings: pick(out.warnings), notices: pick(out.notices) };
}

/** The newest `*-firefox.zip` in `dir`. */
export function newestFirefoxZip(dir: string): string {
  const zips = readdirSync(dir)
    .filter((f) => f.endsWith('-firefox.zip'))
    .map((f) => path.join(dir, f))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  if (!zips[0]) throw new Error(`No *-firefox.zip in ${dir}: run wxt zip -b firefox first`);
  return zips[0];
}

async function main(): Promise<number> {
  const file = newestFirefoxZip(path.resolve(process.env.WXP_OUT_DIR || '.output'));
  const result = await lintFirefoxPackage(file);
  const show = (kind: string, list: LintFinding[]) => {
    for (const f of list) {
      const where = f.file ? ` (${f.file}${f.line ? `:${f.line}` : ''})` : '';
      console.log(`  ${kind} ${f.code}: ${f.message}${where}`);
    }
  };
  console.log(`addons-linter ${path.relative(process.cwd(), file)}`);
  show('error', result.errors);
  show('warning', result.warnings);
  show('notice', result.notices);
  console.log(
    `${result.errors.length} errors, ${result.warnings.length} warnings, ${result.notices.length} notices`,
  );
  return result.errors.length > 0 ? 1 : 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error((error as Error).message);
      process.exit(1);
    },
  );
}
