// A page that renders only the call view, over the shared fake backend plus a few fixture calls
// (other transcript shapes, scripts and a stereo recording) layered on top of it.
import { Channel } from "@tauri-apps/api/core";
import { useLayoutEffect, useState } from "react";
import { createRoot } from "react-dom/client";
import type { Conversation, Turn } from "../../src/ipc/types";
import { TimeZoneProvider } from "../../src/state/timeZone";
import { CallView } from "../../src/views/call/CallView";
import "../../src/styles/app.css";

type Invoke = (cmd: string, args?: Record<string, unknown>, options?: unknown) => Promise<unknown>;

interface Internals {
  invoke: Invoke;
  runCallback: (id: number, data: unknown) => void;
}

export interface CallFixtures {
  /** Timed turns in several scripts, nested results, stereo recording. */
  stereo: string;
  /** The untimed transcript shape (no turn times), with a named third speaker. */
  untimed: string;
  /** Connected, but no transcript at all. */
  empty: string;
  /** The fake's own detail for a connected call. */
  plain: string;
  /** A failed call (failure reason, no recording). */
  failed: string;
  /** A very long call: 3,000 timed turns. */
  long: string;
}

declare global {
  interface Window {
    __callFixtures?: CallFixtures;
    __openCall?: (id: string | null) => void;
  }
}

const internals = (window as unknown as { __TAURI_INTERNALS__: Internals }).__TAURI_INTERNALS__;
const backendInvoke = internals.invoke;
const control = window.__fakeBackend;
if (!control) throw new Error("The fake backend must be installed before the call harness");
const accountId = control.accounts().active_id ?? "";
const all = control.conversations(accountId);
const connected = all.filter((c) => c.status?.category === "connected" && (c.duration_seconds ?? 0) >= 40);
const failedCall = all.find((c) => c.status?.category === "failed");
const [stereoBase, untimedBase, emptyBase, plainBase, longBase] = connected;
if (!stereoBase || !untimedBase || !emptyBase || !plainBase || !longBase || !failedCall) {
  throw new Error("The fake backend has too few calls for the call fixtures");
}

const STEREO_TURNS: Turn[] = [
  { speaker: { kind: "agent" }, text: "Namaste! This is Asha from Brightline. नमस्ते, आपका खाता नंबर क्या है?", start_secs: 0.5, end_secs: 6 },
  { speaker: { kind: "customer" }, text: "मेरा खाता नंबर 4521 है। Thanks 👍🏽", start_secs: 6.5, end_secs: 12 },
  { speaker: { kind: "agent" }, text: "வணக்கம்! Your account is active. Anything else about your account?", start_secs: 12.5, end_secs: 20 },
  { speaker: { kind: "other", name: "Supervisor" }, text: "Joining to confirm the account change.", start_secs: 20.5, end_secs: 26 },
  { speaker: { kind: "customer" }, text: "No, that's all. 👨‍👩‍👧 family plan stays the same ACCOUNT.", start_secs: 26.5, end_secs: 34 },
];

const UNTIMED_TURNS: Turn[] = [
  { speaker: { kind: "agent" }, text: "Good morning, how can I help?", start_secs: null, end_secs: null },
  { speaker: { kind: "customer" }, text: "I want to cancel my order.", start_secs: null, end_secs: null },
  { speaker: { kind: "other", name: "Priya" }, text: "I can help with the cancellation.", start_secs: null, end_secs: null },
];

const RESULTS = {
  call_quality: "excellent",
  sentiment_analysis: { overall_sentiment: "positive", confidence: 0.92, scores: [0.1, 0.8] },
  callback_requested: false,
  notes: null,
  summary:
    "The customer confirmed the account number and asked to keep the family plan. A very long sentence follows so that wrapping of long strings in the results tree is visible in the screenshot.",
};

const LONG_TURNS: Turn[] = Array.from({ length: 3000 }, (_, i) => ({
  speaker: i % 2 === 0 ? { kind: "agent" } : { kind: "customer" },
  text: `Turn ${i + 1}: ${i % 2 === 0 ? "could you confirm the delivery address and the time window" : "yes, the address is the same as last time, after 5 pm please"}.`,
  start_secs: i * 0.19,
  end_secs: i * 0.19 + 0.18,
}));

function detail(base: Conversation, patch: Partial<Conversation>): Conversation {
  return { ...base, ...patch, raw: { ...base.raw, ...(patch.raw ?? {}), fixture: true } };
}

const fixtureDetails = new Map<string, Conversation>([
  [stereoBase.conversation_id, detail(stereoBase, { transcript: STEREO_TURNS, results: RESULTS })],
  [untimedBase.conversation_id, detail(untimedBase, { transcript: UNTIMED_TURNS, results: { resolved: true } })],
  [emptyBase.conversation_id, detail(emptyBase, { transcript: null, results: null })],
  [longBase.conversation_id, detail(longBase, { transcript: LONG_TURNS, results: RESULTS })],
]);

function exportOptionsFor(c: Conversation) {
  const turns = c.transcript ?? [];
  const timed = turns.length > 0 && turns.every((t) => t.start_secs !== null);
  const formats = (
    [
      ["txt", "Plain text"],
      ["md", "Markdown"],
      ["json", "JSON"],
      ["csv", "CSV"],
      ["srt", "SubRip subtitles"],
      ["vtt", "WebVTT subtitles"],
    ] as const
  ).map(([format, label]) => {
    const available = (format !== "srt" && format !== "vtt") || timed;
    return { format, label, extension: format, available, reason: available ? null : "Subtitles need turn times." };
  });
  return { formats, default_file_name: `${c.conversation_id}.txt` };
}

/** Stereo peaks: agent speech on the left channel, customer on the right, following the turns. */
async function openStereo(args: Record<string, unknown>): Promise<unknown> {
  // Load the base call into the fake player (so play/seek work) without forwarding its mono events.
  const swallow = new Channel<unknown>();
  const base = (await backendInvoke("open_recording", { id: args.id, onEvent: swallow })) as { duration_secs: number };
  const channel = args.onEvent as { id: number };
  let index = 0;
  const send = (message: unknown) => internals.runCallback(channel.id, { index: index++, message });
  const pps = 50;
  const duration = base.duration_secs;
  const pixels = Math.ceil(duration * pps);
  const peaks: number[] = [];
  for (let p = 0; p < pixels; p++) {
    const t = p / pps;
    const turn = STEREO_TURNS.find((x) => x.start_secs !== null && x.end_secs !== null && t >= x.start_secs && t < x.end_secs);
    const wobble = 0.5 + 0.5 * Math.abs(Math.sin(p / 9));
    const left = turn?.speaker.kind === "agent" ? Math.round(24000 * wobble) : 300;
    const right = turn?.speaker.kind === "customer" ? Math.round(20000 * wobble) : 300;
    peaks.push(-left, left, -right, right);
  }
  send({ kind: "format", sample_rate: 16000, channels: 2, duration_secs: duration, pixels_per_second: pps });
  const bytes = Math.round(duration * 16000 * 4 + 44);
  const chunk = 500;
  for (let p = 0; p < pixels; p += chunk) {
    send({ kind: "progress", received_bytes: Math.min(bytes, Math.round((bytes * (p + chunk)) / pixels)), total_bytes: bytes });
    send({ kind: "peaks", first_pixel: p, data: peaks.slice(p * 4, (p + chunk) * 4) });
    await new Promise((r) => setTimeout(r, 5));
  }
  return { id: args.id, sample_rate: 16000, channels: 2, duration_secs: duration, pixels_per_second: pps, peaks, bytes, from_cache: false };
}

internals.invoke = async (cmd, args = {}, options) => {
  const fixture = typeof args.id === "string" ? fixtureDetails.get(args.id) : undefined;
  if (fixture) {
    if (cmd === "get_conversation") {
      // Keep the fake's failure injection and call log by letting it answer first.
      await backendInvoke(cmd, args, options);
      return structuredClone(fixture);
    }
    if (cmd === "export_options") {
      await backendInvoke(cmd, args, options);
      return exportOptionsFor(fixture);
    }
    if (cmd === "open_recording" && args.id === stereoBase.conversation_id) return openStereo(args);
  }
  return backendInvoke(cmd, args, options);
};

window.__callFixtures = {
  stereo: stereoBase.conversation_id,
  untimed: untimedBase.conversation_id,
  empty: emptyBase.conversation_id,
  plain: plainBase.conversation_id,
  failed: failedCall.conversation_id,
  long: longBase.conversation_id,
};

function Harness() {
  const [id, setId] = useState<string | null>(null);
  useLayoutEffect(() => {
    window.__openCall = setId;
  }, []);
  const summary = all.find((c) => c.conversation_id === id);
  return (
    <TimeZoneProvider>
      {id === null ? <p>No call open</p> : <CallView key={id} conversationId={id} summary={summary} />}
    </TimeZoneProvider>
  );
}

const root = document.getElementById("root");
if (root) createRoot(root).render(<Harness />);
