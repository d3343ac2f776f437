/**
 * The zhubi push, `{"uri":"single-zhubi-verbose","data":[{zhubi}, ...]}`, built once per batch
 * (`Zhubi.toJSON` is the verbose wire form).
 */
import type { Zhubi } from '@ots/protocol';

export function zhubiFrameJson(trades: readonly Zhubi[]): string {
  return `{"uri":"single-zhubi-verbose","data":${JSON.stringify(trades)}}`;
}
