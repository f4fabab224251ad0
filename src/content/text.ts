/**
 * What counts as text in editors' files. Control characters (other than tab and line feed) are
 * never published: they make the feeds ill-formed XML, which readers reject, and they are
 * invisible in an editor, so the problem says where they are. A value made only of invisible
 * characters (spaces, zero-width spaces, BOMs, joiners) counts as empty.
 */

/**
 * Characters that may not appear in published text: C0 controls but tab and line feed, DEL, C1
 * controls, the noncharacters U+FFFE/U+FFFF and lone surrogates (none of them is allowed in
 * XML 1.0, and HTML parsers flag them too). Carriage returns of CRLF files are gone before this
 * check; one that a YAML escape (`"\r"`) put into a value is reported like the others.
 */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const CONTROL_GLOBAL = new RegExp(CONTROL.source, "g");

const NAMES: Readonly<Record<number, string>> = {
  0x00: "NUL",
  0x08: "backspace",
  0x0b: "vertical tab, often left by pasting from Word",
  0x0c: "form feed, often left by pasting from Word",
  0x0d: "carriage return",
  0x1b: "escape",
  0x7f: "delete",
};

/** `U+000B (vertical tab, often left by pasting from Word)`. */
export function describeCharacter(character: string): string {
  const code = character.charCodeAt(0);
  const hex = code.toString(16).toUpperCase().padStart(4, "0");
  const name = NAMES[code] ?? (code >= 0xd800 && code <= 0xdfff ? "half of a broken character" : "control character");
  return `U+${hex} (${name})`;
}

export function hasControl(text: string): boolean {
  return CONTROL.test(text);
}

export interface ControlHit {
  /** 0-based index of the line in the text. */
  lineIndex: number;
  /** 1-based column, counted in characters as an editor counts them. */
  column: number;
  character: string;
}

/** Every control character in a text, with its line and column. */
export function findControls(text: string): ControlHit[] {
  const hits: ControlHit[] = [];
  const lines = text.split("\n");
  lines.forEach((line, lineIndex) => {
    for (const match of line.matchAll(CONTROL_GLOBAL)) {
      hits.push({ lineIndex, column: [...line.slice(0, match.index)].length + 1, character: match[0] });
    }
  });
  return hits;
}

/** The message for a value holding a control character. */
export function controlMessage(text: string): string {
  const first = CONTROL.exec(text)?.[0] ?? "";
  return `contains the invisible control character ${describeCharacter(first)}`;
}

export const CONTROL_FIX = "delete it (retype the text around it if your editor does not show it), or write a line break if one was meant";

/** White space and default-ignorable characters (ZWSP U+200B, BOM U+FEFF, word joiner U+2060, …). */
const INVISIBLE_ONLY = /^[\p{White_Space}\p{Default_Ignorable_Code_Point}\u2800]*$/u;

/** True when a text shows nothing: empty, spaces or only invisible characters. */
export function isBlank(text: string): boolean {
  return INVISIBLE_ONLY.test(text);
}

/** Length in characters (code points), as an editor counts them; 𠮷 is one. */
export function characterLength(text: string): number {
  return Array.from(text).length;
}
