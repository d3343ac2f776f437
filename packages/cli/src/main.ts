/** The `ots` command. Sub-commands arrive with their issues; `serve` comes with the gateway. */
export async function main(argv: string[]): Promise<number> {
  const [command] = argv;
  if (command === '--version' || command === '-v') {
    console.log('ots 0.1.0');
    return 0;
  }
  console.log(
    [
      'ots 0.1.0: the OTS gateway is not built yet.',
      'What exists so far: @ots/protocol (ticks, symbols, signing, orders, errors) with its tests (npm test).',
    ].join('\n'),
  );
  return command === undefined || command === 'serve' ? 0 : 1;
}
