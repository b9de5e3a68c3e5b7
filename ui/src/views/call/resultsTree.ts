/**
 * Flattens an arbitrary JSON value (the call's `results`) into rows for a
 * readable, indented key/value tree. Flattening once keeps rendering a plain
 * list: no recursion in the component and cheap re-renders.
 */

export type ValueKind = "object" | "array" | "string" | "number" | "boolean" | "null";

export interface TreeRow {
  /** Unique, stable path such as `sentiment.scores[2]`; used as the React key. */
  path: string;
  depth: number;
  /** Object key, or `#3` for an array element. */
  label: string;
  kind: ValueKind;
  /** Text for leaves; a summary ("3 items", "2 fields") for containers. */
  display: string;
}

function kindOf(value: unknown): ValueKind {
  if (value === null || value === undefined) return "null";
  if (Array.isArray(value)) return "array";
  switch (typeof value) {
    case "object":
      return "object";
    case "string":
      return "string";
    case "number":
    case "bigint":
      return "number";
    case "boolean":
      return "boolean";
    default:
      return "string";
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function leafText(value: unknown, kind: ValueKind): string {
  switch (kind) {
    case "null":
      return "null";
    case "boolean":
      return value ? "Yes" : "No";
    case "number":
      return String(value);
    default:
      return typeof value === "string" ? value : JSON.stringify(value) ?? String(value);
  }
}

/** "call_quality" → "Call quality", "sentimentScore" → "Sentiment score". */
export function humanizeKey(key: string): string {
  const spaced = key
    .replace(/[_-]+/g, " ")
    .replace(/([\p{Ll}\d])(\p{Lu})/gu, "$1 $2")
    .trim()
    .toLowerCase();
  if (spaced.length === 0) return key;
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

export function flattenResults(value: unknown): TreeRow[] {
  const rows: TreeRow[] = [];
  const visit = (node: unknown, label: string, path: string, depth: number): void => {
    const kind = kindOf(node);
    if (kind === "array") {
      const items = node as unknown[];
      rows.push({ path, depth, label, kind, display: plural(items.length, "item") });
      items.forEach((item, i) => visit(item, `#${i + 1}`, `${path}[${i}]`, depth + 1));
    } else if (kind === "object") {
      const entries = Object.entries(node as Record<string, unknown>);
      rows.push({ path, depth, label, kind, display: plural(entries.length, "field") });
      for (const [k, v] of entries) visit(v, humanizeKey(k), `${path}.${k}`, depth + 1);
    } else {
      rows.push({ path, depth, label, kind, display: leafText(node, kind) });
    }
  };
  // The top level is the container itself: list its children at depth 0.
  const kind = kindOf(value);
  if (kind === "object") {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) visit(v, humanizeKey(k), k, 0);
  } else if (kind === "array") {
    (value as unknown[]).forEach((item, i) => visit(item, `#${i + 1}`, `[${i}]`, 0));
  } else if (value !== null && value !== undefined) {
    visit(value, "Value", "$", 0);
  }
  return rows;
}
