/** Chinese and Japanese characters: read one by one, about 300 a minute (reading-time.md). */
const CJK = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}]/gu;
/** Any other word (letters or digits, with inner apostrophes or hyphens): about 230 a minute. */
const WORD = /[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu;

/** How long reading `text` takes, in ms, at reading-time.md's speeds; mixed text adds both. */
export function expectedReadingMs(text: string): number {
  const cjk = text.match(CJK)?.length ?? 0;
  const words = text.replace(CJK, ' ').match(WORD)?.length ?? 0;
  return (cjk / 300 + words / 230) * 60_000;
}
