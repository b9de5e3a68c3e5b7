import { useEffect, useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";
import { ErrorNotice } from "../../components/ErrorNotice";
import type { Region } from "../../components/waveform/draw";
import { CallHeader } from "./CallHeader";
import type { Conversation } from "./callTypes";
import { ExportDialog } from "./ExportDialog";
import { Player } from "./Player";
import { ResultsTree } from "./ResultsTree";
import { Transcript } from "./Transcript";
import { speakerColour, timedTurns, turnAt, UNKNOWN_SPEAKER_COLOUR } from "./turns";
import { CALL_COMMIT_MEASURE, CALL_RENDER_MEASURE, useConversation } from "./useConversation";
import { useAnalysis } from "./analysis/useAnalysis";
import { usePlayer } from "./usePlayer";
import { useRecording } from "./useRecording";
import "./call.css";

export interface CallViewProps {
  conversationId: string;
  summary?: Conversation;
  /** A transcript turn to mark and scroll to (the match of a library search). */
  highlightTurn?: number | null;
  /** Where the player stands once the recording is ready (paused: opening never plays). */
  startAtSecs?: number | null;
}

/** One call: header, recording player, transcript and results. */
export function CallView(props: CallViewProps) {
  const { conversationId, summary, highlightTurn = null, startAtSecs = null } = props;
  const { conversation, complete, error, retry } = useConversation(conversationId, summary);
  const { state: recording, retry: retryRecording } = useRecording(conversationId);
  const analysis = useAnalysis(conversationId, recording.phase === "ready");
  const [exporting, setExporting] = useState(false);

  const peaksDuration =
    recording.pixelsPerSecond > 0 ? recording.peaks.length / (2 * recording.channels) / recording.pixelsPerSecond : 0;
  const duration = recording.duration ?? conversation?.duration_seconds ?? peaksDuration;
  const controls = usePlayer(duration);

  const transcript = conversation?.transcript ?? null;
  const timed = useMemo(() => timedTurns(transcript ?? [], duration), [transcript, duration]);
  const regions = useMemo<Region[]>(
    () =>
      timed.map((t) => {
        const turn = transcript?.[t.index];
        return { start: t.start, end: t.end, colour: turn ? speakerColour(turn.speaker) : UNKNOWN_SPEAKER_COLOUR };
      }),
    [timed, transcript],
  );
  const activeIndex = useSyncExternalStore(controls.clock.subscribe, () => turnAt(timed, controls.clock.snapshot.secs));

  // Position the player at the search's match once, when the recording is ready to seek in.
  const startedAt = useRef(false);
  const { seek } = controls;
  useEffect(() => {
    if (startedAt.current || startAtSecs === null || recording.phase !== "ready") return;
    startedAt.current = true;
    seek(startAtSecs);
  }, [recording.phase, startAtSecs, seek]);

  // Close the export dialog when another call is opened.
  useEffect(() => setExporting(false), [conversationId]);

  // Measure "data arrived → next frame" for the full call (see useConversation).
  useLayoutEffect(() => {
    if (!complete) return;
    try {
      performance.measure(CALL_COMMIT_MEASURE, `${CALL_RENDER_MEASURE}:start`);
    } catch {
      // No start mark: nothing to measure.
    }
    let timer = 0;
    // rAF runs before the frame's style/layout/paint; the timeout after it lands once they are done.
    const frame = requestAnimationFrame(() => {
      timer = window.setTimeout(() => {
        try {
          performance.measure(CALL_RENDER_MEASURE, `${CALL_RENDER_MEASURE}:start`);
        } catch {
          // The start mark is missing only if timing entries were cleared; nothing to report then.
        }
      }, 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      window.clearTimeout(timer);
    };
  }, [complete, conversation]);

  if (!conversation) {
    return (
      <div className="call-view call-view--loading" data-testid="call-view">
        {error ? <ErrorNotice error={error} title="Couldn't open the call" onRetry={retry} /> : <p>Loading call…</p>}
      </div>
    );
  }

  return (
    <div className="call-view" data-testid="call-view" data-complete={complete ? "true" : "false"}>
      <div className="call-view__top">
        <CallHeader conversation={conversation} />
        <button type="button" className="btn" onClick={() => setExporting(true)} disabled={!complete}>
          Export transcript…
        </button>
      </div>
      {error && <ErrorNotice error={error} title="Couldn't load the full call" onRetry={retry} />}
      <Player
        conversationId={conversationId}
        recording={recording}
        retry={retryRecording}
        controls={controls}
        duration={duration}
        regions={regions}
        analysis={analysis}
      />
      <div className="call-view__body">
        {complete ? (
          <Transcript turns={transcript} activeIndex={activeIndex} onSeek={controls.seek} highlightTurn={highlightTurn} />
        ) : (
          <section className="call-transcript" aria-label="Transcript">
            <h3>Transcript</h3>
            <p className="call-empty">Loading transcript…</p>
          </section>
        )}
        <ResultsTree results={conversation.results} raw={conversation.raw} />
      </div>
      {exporting && <ExportDialog conversationId={conversationId} onClose={() => setExporting(false)} />}
    </div>
  );
}
