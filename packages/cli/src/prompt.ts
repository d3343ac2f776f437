/**
 * Reading answers from the person at the terminal (a secret without echo), or lines from a pipe so
 * scripts can feed `ots login` without putting a secret on the command line.
 */
import { createInterface } from 'node:readline';

/** Reads every line a pipe gives (stdin not a terminal). */
export async function readPipedLines(input: NodeJS.ReadableStream = process.stdin): Promise<string[]> {
  const lines: string[] = [];
  const reader = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of reader) lines.push(line.trim());
  return lines;
}

/**
 * Asks on the terminal. With `hidden`, typed characters are not shown (the terminal is in raw mode
 * while the answer is typed and restored after, Ctrl-C included).
 */
export function ask(question: string, hidden: boolean): Promise<string> {
  const stdin = process.stdin;
  const stdout = process.stdout;
  if (!hidden) {
    const reader = createInterface({ input: stdin, output: stdout });
    return new Promise((resolve) =>
      reader.question(question, (answer) => {
        reader.close();
        resolve(answer.trim());
      }),
    );
  }
  return new Promise((resolve, reject) => {
    stdout.write(question);
    let answer = '';
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    const finish = (error?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      stdout.write('\n');
      if (error) reject(error);
      else resolve(answer.trim());
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return finish();
        if (ch === '\u0003') return finish(new Error('cancelled'));
        if (ch === '\u007f' || ch === '\b') answer = answer.slice(0, -1);
        else if (ch >= ' ') answer += ch;
      }
    };
    stdin.on('data', onData);
  });
}
