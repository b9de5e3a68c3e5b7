// Runs the call's analysis once its recording is downloaded, and keeps the answer for the view.
import { useCallback, useEffect, useState } from "react";
import { analyzeCall, setAgentChannel, type AudioChannel, type CallAnalysis } from "../../../ipc/analysis";
import { toAppError, type AppError } from "../../../ipc/core";

export interface AnalysisState {
  analysis: CallAnalysis | null;
  running: boolean;
  error: AppError | null;
  /** Says which channel is the agent's on this account (null: per call), and analyses again. */
  chooseAgentChannel?: (channel: AudioChannel | null) => void;
}

const IDLE: AnalysisState = { analysis: null, running: false, error: null };

export function useAnalysis(conversationId: string, recordingReady: boolean): AnalysisState {
  const [state, setState] = useState<AnalysisState>(IDLE);
  // Bumped when the agent channel setting changes: the same call is analysed again.
  const [generation, setGeneration] = useState(0);
  const chooseAgentChannel = useCallback((channel: AudioChannel | null) => {
    setAgentChannel(channel).then(
      () => setGeneration((g) => g + 1),
      (e: unknown) => setState((s) => ({ ...s, error: toAppError(e) })),
    );
  }, []);
  useEffect(() => {
    if (!recordingReady) {
      setState(IDLE);
      return;
    }
    // An answer for a call no longer open is dropped.
    let current = true;
    setState({ analysis: null, running: true, error: null });
    analyzeCall(conversationId).then(
      (analysis) => current && setState({ analysis, running: false, error: null }),
      (e: unknown) => current && setState({ analysis: null, running: false, error: toAppError(e) }),
    );
    return () => {
      current = false;
    };
  }, [conversationId, recordingReady, generation]);
  return { ...state, chooseAgentChannel };
}
