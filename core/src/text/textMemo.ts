/**
 * What was worked out from a text, remembered. Logs repeat a few values (addresses, function names, codes) on
 * every line, each time as a fresh string; a fresh string used as a Map key is first hashed in full. A slot
 * chosen from the text's length and two of its characters, then one comparison with the text last seen there,
 * answers most lines without that; the Map behind it answers the rest.
 */
const SLOTS = 64;

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
    const length = text.length;
    const slot =
      length === 0 ? 0 : (length * 7 + text.charCodeAt(length - 1) * 31 + text.charCodeAt(length >> 1)) & (SLOTS - 1);
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
