/** Python (code point) <-> JavaScript (UTF-16 code unit) offset conversion for span-labelled data. */

/**
 * Maps code-point offsets of `text` to UTF-16 offsets. Offsets must be within 0..codePointLength;
 * the result has the same order. O(text length + offsets).
 */
export function codePointToUtf16Offsets(text: string, offsets: readonly number[]): number[] {
  const table = codePointTable(text);
  return offsets.map((cp) => {
    const unit = table[cp];
    if (unit === undefined) throw new RangeError(`code point offset ${cp} is outside 0..${table.length - 1}`);
    return unit;
  });
}

/** Converts a code-point span to a UTF-16 span of the same text. */
export function codePointSpanToUtf16(text: string, span: { start: number; end: number }): { start: number; end: number } {
  const [start, end] = codePointToUtf16Offsets(text, [span.start, span.end]) as [number, number];
  return { start, end };
}

/** Maps UTF-16 offsets of `text` back to code-point offsets (an offset inside a surrogate pair rounds down). */
export function utf16ToCodePointOffsets(text: string, offsets: readonly number[]): number[] {
  const table = codePointTable(text);
  const reverse = new Int32Array(text.length + 1);
  let cp = 0;
  for (let unit = 0; unit <= text.length; unit++) {
    if (table[cp + 1] !== undefined && (table[cp + 1] as number) <= unit) cp++;
    reverse[unit] = cp;
  }
  return offsets.map((unit) => {
    if (unit < 0 || unit > text.length) throw new RangeError(`UTF-16 offset ${unit} is outside 0..${text.length}`);
    return reverse[unit] as number;
  });
}

/** table[i] = UTF-16 offset of code point i; table[codePointLength] = text.length. */
function codePointTable(text: string): number[] {
  const table: number[] = [];
  for (let unit = 0; unit < text.length; unit++) {
    table.push(unit);
    const c = text.charCodeAt(unit);
    if (c >= 0xd800 && c <= 0xdbff && unit + 1 < text.length) {
      const next = text.charCodeAt(unit + 1);
      if (next >= 0xdc00 && next <= 0xdfff) unit++;
    }
  }
  table.push(text.length);
  return table;
}
