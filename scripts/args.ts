// The command line of the npm run scripts: `--name value` options and `--flag`s.
const args = process.argv.slice(2);

/** The value after --name, if given. */
export const option = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
