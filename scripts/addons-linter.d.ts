// The part of addons-linter's library API (its README, "Linter API Usage") that
// scripts/lint-firefox.ts uses; the package ships no types.
declare module 'addons-linter' {
  interface Finding {
    code: string;
    message: string;
    file?: string;
    line?: number;
  }
  interface Output {
    errors: Finding[];
    warnings: Finding[];
    notices: Finding[];
  }
  interface Linter {
    run(): Promise<Output>;
  }
  const addonsLinter: {
    createInstance(options: { config: Record<string, unknown>; runAsBinary: boolean }): Linter;
  };
  export default addonsLinter;
}
