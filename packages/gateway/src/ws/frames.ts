/**
 * A frame as it goes on the wire: JSON text for plain sockets, gzip of that text (a binary frame)
 * for `?gzip=true`. Each shared frame is encoded once and the same Buffer goes to every socket.
 */
import { gzipSync } from 'node:zlib';

/** A frame's two wire forms, each made the first time a socket of that kind needs it. */
export class Frame {
  #text: Buffer | undefined;
  #gzip: Buffer | undefined;
  constructor(private readonly json: string) {}

  text(): Buffer {
    if (this.#text === undefined) this.#text = Buffer.from(this.json);
    return this.#text;
  }

  gzip(): Buffer {
    if (this.#gzip === undefined) this.#gzip = gzipSync(this.text(), { level: 6 });
    return this.#gzip;
  }

  /** The form for a socket that did or did not ask for gzip. */
  for(gzip: boolean): Buffer {
    return gzip ? this.gzip() : this.text();
  }
}

export function frameOf(message: unknown): Frame {
  return new Frame(JSON.stringify(message));
}
