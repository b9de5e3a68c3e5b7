import { useVirtualizer } from "@tanstack/react-virtual";
import { memo, useCallback, useDeferredValue, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import { formatClock } from "../../components/waveform/timeText";
import type { Turn } from "./callTypes";
import {
  matchCountText,
  searchTurns,
  segmentText,
  stepMatch,
  turnOfMatch,
  type Match,
  type TranscriptMatches,
} from "./transcriptSearch";
import { speakerColour, speakerLabel, speakerRole } from "./turns";

interface TurnRowProps {
  turn: Turn;
  /** Absolute position when the list is virtualised. */
  top?: number;
  measureRef?: (el: HTMLLIElement | null) => void;
  index: number;
  active: boolean;
  /** The turn a library search matched (marked, and scrolled to when the call opens). */
  searchHit: boolean;
  matches: Match[] | undefined;
  firstMatch: number;
  currentMatch: number;
  onSeek: (secs: number) => void;
}

/** One turn; memoised so a position update re-renders only the two turns whose highlight changes. */
const TurnRow = memo(function TurnRow(props: TurnRowProps) {
  const { turn, index, active, searchHit, matches, firstMatch, currentMatch, onSeek, top, measureRef } = props;
  const start = turn.start_secs;
  const body = matches && matches.length > 0
    ? segmentText(turn.text, matches, firstMatch).map((seg, i) =>
        seg.matchIndex === null ? (
          seg.text
        ) : (
          <mark
            key={i}
            className={seg.matchIndex === currentMatch ? "search-hit search-hit--current" : "search-hit"}
            data-match={seg.matchIndex}
          >
            {seg.text}
          </mark>
        ),
      )
    : turn.text;
  const seek = () => {
    // Selecting text to copy it must not jump the playback.
    if ((window.getSelection()?.toString() ?? "") !== "") return;
    if (start !== null) onSeek(start);
  };
  return (
    <li
      className={`turn turn--${speakerRole(turn.speaker)}${active ? " turn--active" : ""}${start !== null ? " turn--timed" : ""}${searchHit ? " turn--search-hit" : ""}`}
      data-turn={index}
      data-search-hit={searchHit ? "true" : undefined}
      data-index={index}
      ref={measureRef}
      aria-current={active ? "true" : undefined}
      onClick={seek}
      style={
        top === undefined
          ? { borderInlineStartColor: speakerColour(turn.speaker) }
          : { borderInlineStartColor: speakerColour(turn.speaker), position: "absolute", top, left: 0, right: 0 }
      }
    >
      <div className="turn__head">
        <span className="turn__speaker" style={{ color: speakerColour(turn.speaker) }}>
          {speakerLabel(turn.speaker)}
        </span>
        {start !== null && (
          <button
            type="button"
            className="turn__time"
            onClick={(e) => {
              e.stopPropagation();
              onSeek(start);
            }}
            aria-label={`Play from ${formatClock(start)}`}
          >
            {formatClock(start)}
          </button>
        )}
      </div>
      <p className="turn__text">{body}</p>
    </li>
  );
});

export interface TranscriptProps {
  turns: Turn[] | null;
  /** Index of the turn being spoken, or null. */
  activeIndex: number | null;
  onSeek: (secs: number) => void;
  /** A turn to mark and bring into view as the transcript opens (a library search's match). */
  highlightTurn?: number | null;
}

/** The transcript as a conversation, with in-transcript search. */
export function Transcript({ turns, activeIndex, onSeek, highlightTurn = null }: TranscriptProps) {
  const [query, setQuery] = useState("");
  // Typing stays responsive on long transcripts: the search runs at a lower priority.
  const deferredQuery = useDeferredValue(query);
  const [current, setCurrent] = useState(-1);
  const texts = useMemo(() => (turns ?? []).map((t) => t.text), [turns]);
  const result = useMemo(() => searchTurns(texts, deferredQuery), [texts, deferredQuery]);

  useEffect(() => {
    setCurrent(result.total > 0 ? 0 : -1);
  }, [result]);

  const onSearchKey = useCallback(
    (e: React.KeyboardEvent<HTMLInputElement>) => {
      if (e.key === "Enter") {
        e.preventDefault();
        setCurrent((c) => stepMatch(c, result.total, e.shiftKey));
      } else if (e.key === "Escape") {
        setQuery("");
      }
    },
    [result.total],
  );

  if (!turns || turns.length === 0) {
    return (
      <section className="call-transcript" aria-label="Transcript">
        <h3>Transcript</h3>
        <p className="call-empty" data-testid="no-transcript">
          No transcript for this call.
        </p>
      </section>
    );
  }

  return (
    <section className="call-transcript" aria-label="Transcript">
      <div className="call-section-head">
        <h3>Transcript</h3>
        <div className="transcript-search" role="search">
          <input
            type="search"
            placeholder="Search transcript"
            aria-label="Search transcript"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={onSearchKey}
          />
          {deferredQuery.trim() !== "" && (
            <span className="transcript-search__count" aria-live="polite" data-testid="search-count">
              {matchCountText(current, result.total)}
            </span>
          )}
        </div>
      </div>
      {turns.length > VIRTUALISE_ABOVE ? (
        <VirtualTurns turns={turns} activeIndex={activeIndex} result={result} current={current} onSeek={onSeek} highlightTurn={highlightTurn} />
      ) : (
        <PlainTurns turns={turns} activeIndex={activeIndex} result={result} current={current} onSeek={onSeek} highlightTurn={highlightTurn} />
      )}
    </section>
  );
}

/**
 * Above this many turns only the visible ones are rendered: a few hundred turns render in a few
 * milliseconds, thousands would not.
 */
export const VIRTUALISE_ABOVE = 400;

interface TurnListProps {
  turns: Turn[];
  activeIndex: number | null;
  result: TranscriptMatches;
  current: number;
  onSeek: (secs: number) => void;
  highlightTurn: number | null;
}

/** Whether `el` is fully inside the visible part of `container`. */
function fullyVisible(el: Element, container: Element): boolean {
  const box = container.getBoundingClientRect();
  const r = el.getBoundingClientRect();
  return r.top >= box.top && r.bottom <= box.bottom;
}

function PlainTurns({ turns, activeIndex, result, current, onSeek, highlightTurn }: TurnListProps) {
  const listRef = useRef<HTMLOListElement>(null);

  // The search's matching turn, in the middle of the view.
  useLayoutEffect(() => {
    if (highlightTurn === null) return;
    listRef.current?.querySelector(`[data-turn="${highlightTurn}"]`)?.scrollIntoView?.({ block: "center" });
  }, [highlightTurn]);

  // Bring the current match into view.
  useLayoutEffect(() => {
    if (current < 0) return;
    listRef.current?.querySelector(`[data-match="${current}"]`)?.scrollIntoView?.({ block: "nearest" });
  }, [current, result]);

  // Keep the spoken turn visible, scrolling only when it has left the view.
  useLayoutEffect(() => {
    const list = listRef.current;
    if (activeIndex === null || !list) return;
    const el = list.querySelector<HTMLElement>(`[data-turn="${activeIndex}"]`);
    if (el && !fullyVisible(el, list)) el.scrollIntoView?.({ block: "nearest" });
  }, [activeIndex]);

  return (
    <ol className="turns" ref={listRef} data-testid="transcript">
      {turns.map((turn, i) => (
        <TurnRow
          key={i}
          turn={turn}
          index={i}
          active={i === activeIndex}
          searchHit={i === highlightTurn}
          matches={result.perTurn[i]}
          firstMatch={result.firstIndex[i] ?? 0}
          currentMatch={(result.perTurn[i]?.length ?? 0) > 0 ? current : -1}
          onSeek={onSeek}
        />
      ))}
    </ol>
  );
}

function VirtualTurns({ turns, activeIndex, result, current, onSeek, highlightTurn }: TurnListProps) {
  const listRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: turns.length,
    getScrollElement: () => listRef.current,
    estimateSize: () => 64,
    overscan: 6,
  });

  useLayoutEffect(() => {
    if (highlightTurn !== null && highlightTurn < turns.length) virtualizer.scrollToIndex(highlightTurn, { align: "center" });
  }, [highlightTurn, turns.length, virtualizer]);

  useLayoutEffect(() => {
    const turn = turnOfMatch(result, current);
    if (turn !== null) virtualizer.scrollToIndex(turn, { align: "auto" });
  }, [current, result, virtualizer]);

  useLayoutEffect(() => {
    if (activeIndex === null) return;
    const list = listRef.current;
    const el = list?.querySelector(`[data-turn="${activeIndex}"]`);
    if (!el || !list || !fullyVisible(el, list)) virtualizer.scrollToIndex(activeIndex, { align: "auto" });
  }, [activeIndex, virtualizer]);

  return (
    <div className="turns" ref={listRef}>
      <ol className="turns__virtual" style={{ height: virtualizer.getTotalSize() }} data-testid="transcript">
        {virtualizer.getVirtualItems().map((item) => {
          const turn = turns[item.index];
          if (!turn) return null;
          return (
            <TurnRow
              key={item.index}
              turn={turn}
              index={item.index}
              top={item.start}
              measureRef={virtualizer.measureElement}
              active={item.index === activeIndex}
              searchHit={item.index === highlightTurn}
              matches={result.perTurn[item.index]}
              firstMatch={result.firstIndex[item.index] ?? 0}
              currentMatch={(result.perTurn[item.index]?.length ?? 0) > 0 ? current : -1}
              onSeek={onSeek}
            />
          );
        })}
      </ol>
    </div>
  );
}
