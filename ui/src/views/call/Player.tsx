import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";
import { ErrorNotice } from "../../components/ErrorNotice";
import type { Region } from "../../components/waveform/draw";
import { formatClock } from "../../components/waveform/timeText";
import { Waveform } from "../../components/waveform/Waveform";
import { toAppError, type AppError } from "../../ipc/core";
import { saveRecording, type PlayerSettings } from "../../ipc/recording";
import { AnalysisFigures } from "./analysis/AnalysisFigures";
import { AnalysisMarks } from "./analysis/AnalysisMarks";
import { marksOf, stepMark } from "./analysis/marks";
import type { AnalysisState } from "./analysis/useAnalysis";
import "./analysis/analysis.css";
import { actionForKey, isTextEntryTarget, SPEEDS } from "./playerKeys";
import type { RecordingState } from "./useRecording";
import type { PlayerControls } from "./usePlayer";

function PlayButton({ controls, disabled }: { controls: PlayerControls; disabled: boolean }) {
  const playing = useSyncExternalStore(controls.clock.subscribe, () => controls.clock.snapshot.playing);
  return (
    <button
      type="button"
      className="player-play btn btn--primary"
      onClick={controls.togglePlay}
      disabled={disabled}
      aria-label={playing ? "Pause" : "Play"}
    >
      {playing ? "❚❚ Pause" : "▶ Play"}
    </button>
  );
}

/** "1:23 / 4:05", re-rendered once per second rather than per frame. */
function TimeReadout({ controls, duration }: { controls: PlayerControls; duration: number }) {
  const secs = useSyncExternalStore(controls.clock.subscribe, () => Math.floor(controls.clock.snapshot.secs));
  return (
    <span className="player-time" data-testid="player-time">
      {formatClock(secs)} / {formatClock(duration)}
    </span>
  );
}

function progressText(r: RecordingState): string {
  const kb = (n: number) => `${Math.round(n / 1024)} KB`;
  return r.totalBytes ? `${kb(r.receivedBytes)} of ${kb(r.totalBytes)}` : kb(r.receivedBytes);
}

/** The speed options: the usual steps, plus the engine's own speed should it be another. */
function speedOptions(current: number): number[] {
  const steps: number[] = [...SPEEDS];
  return steps.some((s) => Math.abs(s - current) < 1e-6) ? steps : [...steps, current].sort((a, b) => a - b);
}

/** Speed, volume and channels as the engine reports them (they carry over between calls). */
function PlayerSettingsControls({
  controls,
  settings,
  ready,
  stereo,
}: {
  controls: PlayerControls;
  settings: PlayerSettings;
  ready: boolean;
  stereo: boolean;
}) {
  return (
    <>
      <label className="player-speed">
        Speed
        <select
          value={settings.speed}
          onChange={(e) => controls.setSpeed(Number(e.target.value))}
          disabled={!ready}
          aria-label="Playback speed"
        >
          {speedOptions(settings.speed).map((s) => (
            <option key={s} value={s}>
              {s}×
            </option>
          ))}
        </select>
      </label>
      <div className="player-volume">
        <button
          type="button"
          className="btn btn--ghost"
          onClick={controls.toggleMute}
          aria-pressed={settings.muted}
          title="Mute (M)"
        >
          {settings.muted ? "Unmute" : "Mute"}
        </button>
        <input
          type="range"
          min={0}
          max={1}
          step={0.05}
          value={settings.muted ? 0 : settings.volume}
          onChange={(e) => controls.setVolume(Number(e.target.value))}
          aria-label="Volume"
        />
      </div>
      {stereo && (
        <div className="player-channels" role="radiogroup" aria-label="Channels">
          {(
            [
              ["both", "Both"],
              ["left", "Agent"],
              ["right", "Customer"],
            ] as const
          ).map(([mode, label]) => (
            <button
              key={mode}
              type="button"
              role="radio"
              aria-checked={settings.channel_mode === mode}
              className={settings.channel_mode === mode ? "btn btn--selected" : "btn"}
              onClick={() => controls.setChannelMode(mode)}
            >
              {label}
            </button>
          ))}
        </div>
      )}
    </>
  );
}

export interface PlayerProps {
  conversationId: string;
  recording: RecordingState;
  retry: () => void;
  controls: PlayerControls;
  duration: number;
  regions: readonly Region[];
  analysis: AnalysisState;
}

/** The recording: download progress, waveform scrubber and playback controls. */
export function Player({ conversationId, recording, retry, controls, duration, regions, analysis }: PlayerProps) {
  const [saveError, setSaveError] = useState<AppError | null>(null);
  const [savedPath, setSavedPath] = useState<string | null>(null);
  const ready = recording.phase === "ready";
  const marks = useMemo(() => (analysis.analysis ? marksOf(analysis.analysis) : []), [analysis.analysis]);
  const marksRef = useRef(marks);
  marksRef.current = marks;

  // Global shortcuts while the call is open, except while typing in a field.
  useEffect(() => {
    if (!ready) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || isTextEntryTarget(e.target)) return;
      const action = actionForKey(e);
      if (!action) return;
      // Space on a focused button would also click it; the shortcut wins.
      e.preventDefault();
      switch (action.kind) {
        case "toggle_play":
          controls.togglePlay();
          break;
        case "seek_by":
          controls.seekBy(action.secs);
          break;
        case "speed_step":
          controls.stepSpeed(action.direction);
          break;
        case "toggle_mute":
          controls.toggleMute();
          break;
        case "step_mark": {
          const mark = stepMark(marksRef.current, controls.clock.now(performance.now()), action.direction);
          if (mark) controls.seek(mark.seekTo);
          break;
        }
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [ready, controls]);

  const saveAs = async () => {
    setSaveError(null);
    setSavedPath(null);
    try {
      const outcome = await saveRecording(conversationId);
      if (outcome.kind === "saved") setSavedPath(outcome.path);
    } catch (e) {
      setSaveError(toAppError(e));
    }
  };

  if (recording.phase === "error" && recording.error) {
    if (recording.error.kind === "recording_unavailable") {
      return (
        <section className="player player--unavailable" aria-label="Recording" data-testid="recording-unavailable">
          <p>
            <strong>Recording not available yet.</strong> Recordings appear a little while after the call ends.
          </p>
          <button type="button" className="btn" onClick={retry}>
            Retry
          </button>
        </section>
      );
    }
    return (
      <section className="player" aria-label="Recording">
        <ErrorNotice error={recording.error} title="Couldn't load the recording" onRetry={retry} />
      </section>
    );
  }

  const hasWave = recording.pixelsPerSecond > 0 && recording.peaks.length > 0 && duration > 0;
  const fraction = recording.totalBytes ? Math.min(1, recording.receivedBytes / recording.totalBytes) : null;

  return (
    <section className="player" aria-label="Recording">
      {!ready && (
        <div className="player-progress" data-testid="recording-progress">
          <progress max={1} value={fraction ?? undefined} aria-label="Downloading recording" />
          <span>Downloading recording… {progressText(recording)}</span>
        </div>
      )}
      {hasWave && (
        <Waveform
          peaks={recording.peaks}
          channels={recording.channels}
          pixelsPerSecond={recording.pixelsPerSecond}
          duration={duration}
          regions={regions}
          clock={controls.clock}
          channelMode={controls.settings?.channel_mode ?? "both"}
          onSeek={controls.seek}
          overviewOverlay={<AnalysisMarks marks={marks} duration={duration} onSeek={controls.seek} />}
        />
      )}
      {/* One slot for the note and the figures that replace it: the controls below do not move
          when the analysis lands (a click aimed at Play would land elsewhere). */}
      <div className="analysis-slot">
        {analysis.analysis ? (
          <AnalysisFigures analysis={analysis.analysis} marks={marks} onSeek={controls.seek} onChooseAgentChannel={analysis.chooseAgentChannel} />
        ) : analysis.running ? (
          <p className="analysis-note" role="status">
            Analysing the call…
          </p>
        ) : analysis.error ? (
          <p className="analysis-note" role="status">
            Call analysis unavailable: {analysis.error.message}
          </p>
        ) : null}
      </div>
      <div className="player-controls">
        <PlayButton controls={controls} disabled={!ready} />
        <TimeReadout controls={controls} duration={duration} />
        {controls.settings && (
          <PlayerSettingsControls
            controls={controls}
            settings={controls.settings}
            ready={ready}
            stereo={recording.channels === 2}
          />
        )}
        <button type="button" className="btn" onClick={() => void saveAs()} disabled={!ready}>
          Save recording as…
        </button>
      </div>
      {!controls.device.available && (
        <p className="player-message" role="status">
          {controls.device.message ?? "No audio output device is available."}
        </p>
      )}
      {controls.error && <ErrorNotice error={controls.error} title="Playback problem" onDismiss={controls.clearError} />}
      {saveError && (
        <ErrorNotice
          error={saveError}
          title={saveError.kind === "io" ? "Couldn't save the recording" : undefined}
          onDismiss={() => setSaveError(null)}
        />
      )}
      {savedPath && (
        <p className="player-message" role="status">
          Recording saved to <code>{savedPath}</code>
        </p>
      )}
    </section>
  );
}
