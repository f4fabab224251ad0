/** What a reader sees of a page: its visible text, without markup, scripts or the head. */

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " ", "#39": "'" };

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+\d*);/gi, (whole, name: string) => {
    if (name.startsWith("#x") || name.startsWith("#X")) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith("#")) return String.fromCodePoint(Number(name.slice(1)));
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** The body's visible text as lines: block elements break lines, hidden elements are dropped. */
export function visibleLines(html: string): string[] {
  const body = html.replace(/^[\s\S]*?<body[^>]*>/i, "").replace(/<\/body>[\s\S]*$/i, "");
  const text = body
    .replace(/\s+/g, " ")
    .replace(/<(script|style|template)\b[\s\S]*?<\/\1>/gi, "")
    .replace(/<([a-z]+)\b[^>]*\shidden\b[^>]*>[\s\S]*?<\/\1>/gi, "")
    // The skip link sits off-screen until focused.
    .replace(/<a\b[^>]*class="skip-link"[^>]*>[\s\S]*?<\/a>/i, "")
    .replace(/<\/?(p|div|h[1-6]|li|ul|ol|nav|header|footer|main|article|section|aside|br|tr|table|blockquote)\b[^>]*>/gi, "\n")
    .replace(/<[^>]+>/g, "");
  return decodeEntities(text)
    .split("\n")
    .map((line) => line.replace(/\s+/g, " ").trim())
    .filter(Boolean);
}

/**
 * Normalises a line for comparison with the seed: full-width punctuation to ASCII, no spaces
 * (the seed and the page may space labels differently; words, numbers and order must match).
 */
export function normalizeLine(line: string): string {
  return line
    .normalize("NFKC")
    .replace(/[：]/g, ":")
    .replace(/[，]/g, ",")
    .replace(/[！]/g, "!")
    .replace(/[；]/g, ";")
    .replace(/[（]/g, "(")
    .replace(/[）]/g, ")")
    .replace(/\s+/g, "");
}
