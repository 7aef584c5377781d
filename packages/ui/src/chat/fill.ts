/**
 * Puts values into a message's {placeholders}, taking the values as they are ("$&" stays "$&").
 * The ui package may not import the domain, whose fillTemplate does the same.
 */
export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
}
