/**
 * What was worked out from a text, remembered. Logs repeat a few values (addresses, function names, codes) on
 * every line, each time as a fresh string; a fresh string used as a Map key is first hashed in full. A slot
 * chosen from the text's length and four of its characters, then one comparison with the text last seen there,
 * answers most lines without that; the Map behind it answers the rest.
 */
const SLOTS = 64;

/**
 * The slot for a text, from its length and four of its characters: the last three, where the values of one field
 * tell apart most often (`10.40.1.10`, `10.40.2.20`), and the middle one.
 */
function slotOf(text: string): number {
  const length = text.length;
  if (length < 3) {
    return length === 0 ? 0 : (length + text.charCodeAt(0) * 5 + text.charCodeAt(length - 1) * 11) & (SLOTS - 1);
  }
  const mixed =
    length * 7 +
    text.charCodeAt(length - 1) +
    text.charCodeAt(length - 2) * 5 +
    text.charCodeAt(length - 3) * 13 +
    text.charCodeAt(length >> 1) * 3;
  return (mixed ^ (mixed >>> 6)) & (SLOTS - 1);
}

export class TextMemo<T> {
  private readonly slotTexts: Array<string | undefined> = new Array<string | undefined>(SLOTS).fill(undefined);
  private readonly slotResults: Array<T | undefined> = new Array<T | undefined>(SLOTS).fill(undefined);
  private readonly known = new Map<string, T>();

  /**
   * @param work what the text gives; called once per text while it is remembered.
   * @param limit texts remembered at most: past it the memory starts over, so odd logs cannot grow it.
   */
  constructor(
    private readonly work: (text: string) => T,
    private readonly limit: number
  ) {}

  get(text: string): T {
    const slot = slotOf(text);
    if (this.slotTexts[slot] === text) {
      return this.slotResults[slot] as T;
    }
    let result: T;
    if (this.known.has(text)) {
      result = this.known.get(text) as T;
    } else {
      result = this.work(text);
      if (this.known.size >= this.limit) {
        this.known.clear();
      }
      this.known.set(text, result);
    }
    this.slotTexts[slot] = text;
    this.slotResults[slot] = result;
    return result;
  }
}
