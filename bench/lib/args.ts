/** A bench's command line: `--name value` pairs, as in `bench/sdk.ts --runs 3 --measure-ms 3000`. */
export function benchArgs(argv: readonly string[] = process.argv.slice(2)): Map<string, string> {
  const args = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 2) args.set(argv[i].replace(/^--/, ''), argv[i + 1]);
  return args;
}
