/**
 * Case-insensitive search inside transcript text that is safe for any script.
 *
 * Lower-casing can change a string's length (e.g. "İ" becomes two code
 * units), so matching happens on a folded copy with a map back to the
 * original offsets. Matches are widened to whole grapheme clusters so a
 * highlight never splits a Devanagari/Tamil syllable or an emoji sequence.
 */

export interface Match {
  /** Offsets in the original text (UTF-16 code units), `end` exclusive. */
  start: number;
  end: number;
}

interface Folded {
  text: string;
  /** For each code unit of `text`, the offset in the original it came from. */
  origin: number[];
}

function fold(text: string): Folded {
  let folded = "";
  const origin: number[] = [];
  let offset = 0;
  for (const codePoint of text) {
    const lower = codePoint.toLowerCase();
    folded += lower;
    for (let i = 0; i < lower.length; i++) origin.push(offset);
    offset += codePoint.length;
  }
  return { text: folded, origin };
}

function foldQuery(query: string): string {
  let folded = "";
  for (const codePoint of query.normalize("NFC")) folded += codePoint.toLowerCase();
  return folded;
}

const segmenter: Intl.Segmenter | null =
  typeof Intl !== "undefined" && "Segmenter" in Intl
    ? new Intl.Segmenter(undefined, { granularity: "grapheme" })
    : null;

/** Grapheme boundaries of `text` (always includes 0 and text.length). */
function graphemeBoundaries(text: string): number[] {
  if (!segmenter) {
    const bounds: number[] = [];
    let offset = 0;
    for (const cp of text) {
      bounds.push(offset);
      offset += cp.length;
    }
    bounds.push(text.length);
    return bounds;
  }
  const bounds: number[] = [];
  for (const seg of segmenter.segment(text)) bounds.push(seg.index);
  bounds.push(text.length);
  return bounds;
}

function widen(match: Match, bounds: number[]): Match {
  let start = 0;
  let end = bounds[bounds.length - 1] ?? match.end;
  for (const b of bounds) {
    if (b <= match.start) start = b;
    if (b >= match.end) {
      end = b;
      break;
    }
  }
  return { start, end };
}

/** All non-overlapping matches of `query` in `text`, in order. Empty query → none. */
export function findMatches(text: string, query: string): Match[] {
  const needle = foldQuery(query.trim());
  if (needle.length === 0 || text.length === 0) return [];
  // Decomposed input is searched and displayed in its NFC form, so offsets
  // always refer to the text as shown.
  const source = text.normalize("NFC");
  const folded = fold(source);
  const raw: Match[] = [];
  let from = 0;
  for (;;) {
    const at = folded.text.indexOf(needle, from);
    if (at < 0) break;
    const lastUnit = at + needle.length - 1;
    const start = folded.origin[at] ?? 0;
    const lastOrigin = folded.origin[lastUnit] ?? start;
    const cpLength = (source.codePointAt(lastOrigin) ?? 0) > 0xffff ? 2 : 1;
    raw.push({ start, end: lastOrigin + cpLength });
    from = at + needle.length;
  }
  if (raw.length === 0) return raw;
  const bounds = graphemeBoundaries(source);
  const merged: Match[] = [];
  for (const m of raw.map((r) => widen(r, bounds))) {
    const last = merged[merged.length - 1];
    if (last && m.start <= last.end) last.end = Math.max(last.end, m.end);
    else merged.push({ ...m });
  }
  return merged;
}

/** A run of text, highlighted or not; `matchIndex` is the global match number. */
export interface Segment {
  text: string;
  matchIndex: number | null;
}

/** Splits text into plain and highlighted segments, numbering matches from `firstIndex`. */
export function segmentText(text: string, matches: Match[], firstIndex: number): Segment[] {
  if (matches.length === 0) return [{ text, matchIndex: null }];
  const source = text.normalize("NFC");
  const out: Segment[] = [];
  let cursor = 0;
  matches.forEach((m, i) => {
    if (m.start > cursor) out.push({ text: source.slice(cursor, m.start), matchIndex: null });
    out.push({ text: source.slice(m.start, m.end), matchIndex: firstIndex + i });
    cursor = m.end;
  });
  if (cursor < source.length) out.push({ text: source.slice(cursor), matchIndex: null });
  return out;
}

/** Matches for every turn, plus where each turn's numbering starts. */
export interface TranscriptMatches {
  perTurn: Match[][];
  firstIndex: number[];
  total: number;
}

export function searchTurns(texts: readonly string[], query: string): TranscriptMatches {
  const perTurn: Match[][] = [];
  const firstIndex: number[] = [];
  let total = 0;
  for (const t of texts) {
    const m = findMatches(t, query);
    firstIndex.push(total);
    perTurn.push(m);
    total += m.length;
  }
  return { perTurn, firstIndex, total };
}

/** Next/previous match index with wrap-around (Enter / Shift+Enter). */
export function stepMatch(current: number, total: number, backwards: boolean): number {
  if (total <= 0) return -1;
  if (current < 0) return backwards ? total - 1 : 0;
  return (current + (backwards ? total - 1 : 1)) % total;
}

/** "3 of 12", "No matches". */
export function matchCountText(current: number, total: number): string {
  if (total === 0) return "No matches";
  return `${current + 1} of ${total}`;
}

/** The turn holding match number `match`, or null (binary search over the turns' first indices). */
export function turnOfMatch(result: TranscriptMatches, match: number): number | null {
  if (match < 0 || match >= result.total) return null;
  let lo = 0;
  let hi = result.firstIndex.length - 1;
  let found: number | null = null;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((result.firstIndex[mid] ?? 0) <= match) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  // Turns without matches share the next turn's first index; step back to the one that has it.
  while (found !== null && found >= 0 && (result.perTurn[found]?.length ?? 0) === 0) found -= 1;
  return found !== null && found >= 0 ? found : null;
}
