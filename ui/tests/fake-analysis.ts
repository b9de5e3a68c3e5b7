// The fake backend's call analysis (`analyze_call`) of a two-channel recording: a fixed set of marks — a quick, a slow and a
// very slow reply, a barge-in by the customer and one stretch of dead air — placed in the first
// 40 s of any call long enough to hold them, so the browser tests know what to expect.
import type { AudioChannel } from "../src/bindings/AudioChannel";
import type { CallAnalysis } from "../src/bindings/CallAnalysis";

export const FAKE_RESPONSES = [
  { after_s: 4, latency_s: 0.5 },
  { after_s: 13, latency_s: 1.4 },
  { after_s: 22, latency_s: 2.6 },
];
export const FAKE_INTERRUPTION = { by: "customer" as const, at_s: 9.5, overlap_s: 0.6 };
export const FAKE_SILENCE = { start_s: 30, end_s: 33.5 };

/** Two channels: the agent on `agentChannel` when the account sets one, else left "from the transcript". */
export function fakeAnalysis(duration: number, agentChannel: AudioChannel | null = null): CallAnalysis {
  const long = duration >= 40;
  const responses = long ? FAKE_RESPONSES : [];
  const latencies = responses.map((r) => r.latency_s).sort((a, b) => a - b);
  return {
    version: 1,
    duration_s: duration,
    channels: 2,
    agent_channel: agentChannel ?? "left",
    agent_channel_from: agentChannel ? "option" : "transcript",
    speech: { agent: [], customer: [] },
    voice: [],
    response_latencies: responses,
    interruptions: long ? [FAKE_INTERRUPTION] : [],
    silences: long ? [FAKE_SILENCE] : [],
    talk_s: { agent: long ? 12 : 0, customer: long ? 8 : 0 },
    summary: {
      latency_p50_s: latencies[1] ?? null,
      latency_p90_s: latencies[2] ?? null,
      latency_max_s: latencies[2] ?? null,
      interruptions: long ? 1 : 0,
      dead_air_s: long ? FAKE_SILENCE.end_s - FAKE_SILENCE.start_s : 0,
      agent_talk_share: long ? 0.6 : null,
      time_to_first_word_s: long ? 0.8 : null,
      speech_s: long ? 20 : 0,
      drifted_turns: 0,
    },
    longest_monologue: null,
    words_per_minute: { agent: null, customer: null },
    drift: [],
    settings: { min_silence_s: 2 },
  };
}
