// Runs the call's analysis once its recording is downloaded, and keeps the answer for the view.
import { useEffect, useState } from "react";
import { analyzeCall, type CallAnalysis } from "../../../ipc/analysis";
import { toAppError, type AppError } from "../../../ipc/core";

export interface AnalysisState {
  analysis: CallAnalysis | null;
  running: boolean;
  error: AppError | null;
}

const IDLE: AnalysisState = { analysis: null, running: false, error: null };

export function useAnalysis(conversationId: string, recordingReady: boolean): AnalysisState {
  const [state, setState] = useState<AnalysisState>(IDLE);
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
  }, [conversationId, recordingReady]);
  return state;
}
