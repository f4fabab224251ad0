/** Data files the inspection reads: where a JSON string value is written, for pointing at a line. */

/** The 1-based line of the first occurrence of a JSON string value in a data file's text; 1 when absent. */
export function lineOfValue(text: string, value: string): number {
  const offset = text.indexOf(JSON.stringify(value));
  if (offset < 0) return 1;
  let line = 1;
  for (let index = text.indexOf("\n"); index >= 0 && index < offset; index = text.indexOf("\n", index + 1)) line += 1;
  return line;
}
