// Call analysis of the open call (`analyze_call`): measured by the Rust side from the downloaded
// recording — speech per side, response gaps, interruptions, dead air and the call's figures.
import type { AudioChannel } from "../bindings/AudioChannel";
import type { CallAnalysis } from "../bindings/CallAnalysis";
import { call } from "./core";

export type { AudioChannel, CallAnalysis };

/** The analysis of call `id`; its recording must have finished downloading. */
export function analyzeCall(id: string): Promise<CallAnalysis> {
  return call("analyze_call", { id });
}

/** Which channel is the agent's on this account's two-channel recordings; null: decided per call. */
export function setAgentChannel(channel: AudioChannel | null): Promise<null> {
  return call("set_agent_channel", { channel });
}
