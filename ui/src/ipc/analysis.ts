// Call analysis of the open call (`analyze_call`): measured by the Rust side from the downloaded
// recording — speech per side, response gaps, interruptions, dead air and the call's figures.
import type { CallAnalysis } from "../bindings/CallAnalysis";
import { call } from "./core";

export type { CallAnalysis };

/** The analysis of call `id`; its recording must have finished downloading. */
export function analyzeCall(id: string): Promise<CallAnalysis> {
  return call("analyze_call", { id });
}
