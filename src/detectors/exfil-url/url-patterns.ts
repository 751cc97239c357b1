/**
 * Regexes for URL-bearing constructs. All repetition is bounded and every alternation under a
 * quantifier starts with disjoint characters, so matching stays linear on untrusted output.
 */

/** Longest URL examined; anything longer is itself treated as a data carrier. */
export const MAX_URL_CHARS = 2048;

export const URL_PATTERNS = {
  /** `![alt](dest)` / `[text](dest)`; dest may hold whitespace (obfuscation), a title and one level of parentheses. */
  markdownInline: /(!?)\[([^[\]]{0,256})\]\(((?:[^()]|\([^()]{0,256}\)){0,2048})\)/g,
  /** `](dest)` on its own: the opener was too far back (long alt text) or held nested brackets. */
  markdownDestination: /\]\(((?:[^()]|\([^()]{0,256}\)){0,2048})\)/g,
  /** Reference definition `[label]: dest` at the start of a line. */
  markdownRefDef: /^[ \t]{0,3}\[([^[\]\n]{1,256})\]:[ \t]{0,16}\n?[ \t]{0,16}(<[^<>\n]{0,2048}>|[^\s<>]{1,2048})/gm,
  /** `![alt][label]`, `![label][]`, `![label]`: images that resolve through a reference definition. */
  markdownImageRef: /!\[([^[\]\n]{0,256})\](?:\[([^[\]\n]{0,256})\])?/g,
  /** An HTML start tag with attributes. */
  htmlTag: /<([a-zA-Z][a-zA-Z0-9-]{0,15})(\s[^<>]{0,2048})>/g,
  /** One attribute with a value inside a start tag (the tag's attribute text starts with whitespace). */
  htmlAttribute: /\s([a-zA-Z][a-zA-Z:-]{0,31})[ \t\r\n]{0,8}=[ \t\r\n]{0,8}(?:"([^"]{0,2048})"|'([^']{0,2048})'|([^\s"'<>`]{1,2048}))/g,
  /** Numeric and common named HTML character references (browsers decode these in attributes). */
  htmlEntity: /&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-zA-Z]{2,8}));?/g,
  /** A URL in running text. Braces and brackets stay in so template placeholders are seen. */
  bareUrl: /\b(?:(?:https?|ftp|wss?):\/\/|www\.)[^\s<>"'`]{1,2048}/gi,
  /** A scheme with whitespace pushed inside it, e.g. `h t t p s : / /`. */
  spacedScheme: /\bh[ \t]{0,3}t[ \t]{0,3}t[ \t]{0,3}p[ \t]{0,3}s?[ \t]{0,3}:[ \t]{0,3}\/[ \t]{0,3}\//gi,
  /** URL scheme at the start of a candidate. */
  scheme: /^([a-zA-Z][a-zA-Z0-9+.-]{0,31}):/,
  /** Placeholders a prompt-injected model fills with data: `{data}`, `{{x}}`, `${x}`, `$(x)`, `%7Bx%7D`, `[DATA]`, `<DATA>`. */
  template: /\{\{?[^{}\s]{1,64}\}|\$\{|\$\(|%7[Bb][^%]{1,64}%7[Dd]|\[[A-Z_]{2,32}\]|<[A-Za-z_]{2,32}>/,
  /** A value that could be base64 / base64url text. */
  base64Value: /^[A-Za-z0-9+/_-]{16,}={0,2}$/,
  /** A value that could be hex-encoded text. */
  hexValue: /^(?:[0-9a-fA-F]{2}){8,}$/,
  /** `www.` host without a scheme. */
  wwwPrefix: /^www\./i,
  /** `*.` or `.` before an allow-list domain. */
  wildcardPrefix: /^\*?\./,
  /** A query value that is itself an absolute or protocol-relative URL. */
  nestedUrl: /^(?:https?:)?\/\//i,
  /** One whitespace-free piece of a broken-up URL. */
  urlToken: /^[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%{}]+$/,
  /** Any whitespace (non-global, for tests). */
  hasWhitespace: /\s/,
  /** Whitespace of any kind; stripped from obfuscated URLs. */
  whitespace: /\s+/g,
} as const;
