// A realistic in-page fake of the Rust side, for browser tests and the UI benchmark.
//
// It answers every command of the IPC contract through `mockIPC` (so the app's real `invoke` and
// `Channel` code runs), generates deterministic data (10,000 calls for the first account by
// default) and can make any command fail with any error kind. Tests drive it through
// `window.__fakeBackend` (see `FakeBackendControl`).
//
// Keys: a key is rejected (`auth`) when it contains "wrong" or is shorter than 8 characters.
//
// Its handlers are typed by the IPC contract generated from Rust (`CommandMap`): every command
// must have one, with the command's arguments and result, and Channel messages are the
// contract's event types — a command or field changed in Rust fails `tsc` here too.
import type { Channel } from "@tauri-apps/api/core";
import { mockIPC } from "@tauri-apps/api/mocks";
import type { CommandArgs, CommandName, CommandResult, ErrorKind } from "../src/ipc/core";
import type {
  AccountView,
  AccountsState,
  Conversation,
  ExportFormat,
  Region,
  SaveOutcome,
  StatusCategory,
  StatusInfo,
  Turn,
} from "../src/ipc/types";
import type { ChannelMode, PlayerEvent, PlayerSettings } from "../src/ipc/recording";
import type { BackgroundAnalysis } from "../src/bindings/BackgroundAnalysis";
import { fakeAnalysis } from "./fake-analysis";
import { createFakeLibrary, type FakeLibraryControl, type FakeLibraryOptions } from "./fake-library";
import { librarySearchHandlers, type LibrarySearchFakeOptions } from "./fake-library-search";

/** The plugin commands the app calls besides its own. */
type PluginCommand = "plugin:opener|reveal_item_in_dir";
export type FakeCommand = CommandName | PluginCommand;

/** Each command's handler, typed by the contract; `dialogAnswer` is what the save dialog the
 * command opens (on the Rust side) answers: a path, or null when the user cancels. */
export type Handlers = {
  [K in CommandName]: (
    args: CommandArgs<K>,
    dialogAnswer: string | null,
  ) => CommandResult<K> | Promise<CommandResult<K>>;
};

/** Where the fake's log folder is (what `open_logs_folder` answers). */
export const LOG_FOLDER = "/home/reviewer/.local/share/dev.formant.desk/logs";

export interface FakeBackendOptions {
  /** Which accounts exist at start: none (first run), one Global, or Global + India. */
  accounts?: "none" | "one" | "two";
  /** Calls per account id; accounts not listed get `defaultCount`. */
  counts?: Record<string, number>;
  defaultCount?: number;
  /** Delay of every command answer, in ms (default 5). */
  latencyMs?: number;
  /** Delay between pages streamed by `load_all_conversations`, in ms (default 15). */
  loadAllPageDelayMs?: number;
  /** Why `load_all_conversations` stopped early (the Rust side's paging safety stops), if it did. */
  loadAllWarning?: string;
  /** Whether the OS keychain is available (default true). */
  keychainAvailable?: boolean;
  /**
   * What the save dialog (opened by `export_transcript` / `save_recording`, as the Rust side
   * does) answers: a path, or null when the user cancels.
   */
  savePath?: string | null;
  /** The player settings the engine starts with (as if saved at the last launch). */
  playerSettings?: Partial<PlayerSettings>;
  /** Failures armed before the app starts (e.g. to fail its very first request). */
  failures?: Partial<Record<FakeCommand, FailureSpec[]>>;
  /** The library's fake (see fake-library.ts): by default no sync finishes by itself. */
  library?: FakeLibraryOptions;
  /** The library's search, triage and bulk export (fake-library-search.ts). */
  librarySearch?: LibrarySearchFakeOptions;
}

export interface FailureSpec {
  kind: ErrorKind;
  message?: string;
  retryAfterSecs?: number | null;
  /** How many calls fail before the command works again (default 1; Infinity = always). */
  times?: number;
}

export interface CallRecord {
  cmd: string;
  args: Record<string, unknown>;
  at: number;
  /** Set once the reply (or the rejection) has been handed back to the app. */
  answered: boolean;
}

export interface FakeBackendControl {
  /** Make the next `times` calls of `cmd` reject with `kind`. */
  fail(cmd: FakeCommand, spec: FailureSpec): void;
  clearFailures(): void;
  /** Every command received, in order (Channels replaced by "<channel>"). */
  calls: CallRecord[];
  callCount(cmd: FakeCommand): number;
  /** Per-command extra latency, in ms. */
  setLatency(cmd: FakeCommand, ms: number): void;
  setLoadAllPageDelay(ms: number): void;
  setSavePath(path: string | null): void;
  /** The files the commands wrote, in order (a cancelled dialog writes none). */
  written: { cmd: string; path: string }[];
  /** The generated calls of an account (test assertions). */
  conversations(accountId: string): Conversation[];
  accounts(): AccountsState;
  /** The library: finish a sync, go offline, damage the file (see FakeLibraryControl). */
  library: FakeLibraryControl;
}

declare global {
  interface Window {
    __fakeBackend?: FakeBackendControl;
    __FAKE_BACKEND_OPTIONS__?: FakeBackendOptions;
  }
}

// ---------------------------------------------------------------------------------------------
// Deterministic data

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hashString(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

const STATUSES: { info: StatusInfo; weight: number }[] = [
  { info: st("completed", "Completed", "The call connected and ended normally.", "connected"), weight: 55 },
  { info: st("no-answer", "No answer", "The callee did not pick up.", "not_reached"), weight: 15 },
  { info: st("busy", "Busy", "The line was busy.", "not_reached"), weight: 8 },
  { info: st("voicemail", "Voicemail", "The call reached voicemail.", "not_reached"), weight: 7 },
  { info: st("failed", "Failed", "The call could not be placed.", "failed"), weight: 10 },
  { info: st("in-progress", "In progress", "The call has not finished.", "unknown"), weight: 5 },
];

function st(code: string, label: string, description: string, category: StatusCategory): StatusInfo {
  return { code, label, description, category };
}

const AGENTS = [101, 102, 103, 205, 310];
const BASE_MS = Date.UTC(2025, 2, 14, 18, 30, 0); // newest call

const LINES: [("agent" | "customer"), string][] = [
  ["agent", "Hello, this is Maya from Brightline Dental. Am I speaking with the account holder?"],
  ["customer", "Yes, speaking."],
  ["agent", "I'm calling to confirm your appointment on Thursday at 3 pm."],
  ["customer", "Could we move it to Friday morning instead?"],
  ["agent", "Friday at 10 am is free. Shall I book that?"],
  ["customer", "Yes please, thank you."],
  ["agent", "Done. You'll get a text confirmation shortly. Goodbye!"],
];

function pickStatus(r: number): StatusInfo {
  const totalWeight = STATUSES.reduce((s, x) => s + x.weight, 0);
  let x = r * totalWeight;
  for (const s of STATUSES) {
    if (x < s.weight) return s.info;
    x -= s.weight;
  }
  return STATUSES[0]!.info;
}

export function generateConversations(accountId: string, count: number, india: boolean): Conversation[] {
  const rand = mulberry32(hashString(accountId));
  const out: Conversation[] = [];
  let t = BASE_MS;
  const prefix = accountId.replace(/[^a-z0-9]/gi, "").slice(0, 6).toLowerCase();
  for (let i = 0; i < count; i++) {
    t -= Math.floor(60_000 + rand() * 600_000);
    const status = pickStatus(rand());
    const connected = status.category === "connected";
    const duration = connected ? Math.round(20 + rand() * 580) : status.code === "in-progress" ? null : Math.round(rand() * 30);
    const agent = AGENTS[Math.floor(rand() * AGENTS.length)] ?? 101;
    const n = Math.floor(rand() * 1e7).toString().padStart(7, "0");
    const contact = india ? `+91 98${n.slice(0, 3)} ${n.slice(3)}` : `+1 415 55${n.slice(0, 1)} ${n.slice(1, 5)}`;
    const id = `conv_${prefix}_${String(i).padStart(5, "0")}`;
    const failure = status.category === "failed" ? "SIP 503: carrier unavailable" : null;
    const start = t;
    const end = duration === null ? null : start + duration * 1000;
    out.push({
      conversation_id: id,
      agent_id: agent,
      contact_number: contact,
      duration_seconds: duration,
      start_ms: start,
      end_ms: end,
      status,
      failure_reason: failure,
      trace_id: `tr-${hashString(id).toString(16)}`,
      results: null,
      transcript: null,
      raw: {
        conversation_id: id,
        agent_id: agent,
        contact_number: contact,
        status: status.code,
        duration,
        start_time: new Date(start).toISOString(),
        end_time: end === null ? null : new Date(end).toISOString(),
        failure_reason: failure,
      },
    });
  }
  return out;
}

// The India account's calls are in Hindi: its library search finds Devanagari words.
const LINES_HI: [("agent" | "customer"), string][] = [
  ["agent", "नमस्ते, मैं ब्राइटलाइन डेंटल से माया बोल रही हूँ। क्या मेरी बात खाताधारक से हो रही है?"],
  ["customer", "जी, बोलिए।"],
  ["agent", "मैं गुरुवार दोपहर तीन बजे की आपकी अपॉइंटमेंट की पुष्टि के लिए फ़ोन कर रही हूँ।"],
  ["customer", "क्या हम इसे शुक्रवार सुबह कर सकते हैं?"],
  ["agent", "शुक्रवार सुबह दस बजे का समय खाली है। क्या मैं बुक कर दूँ?"],
  ["customer", "हाँ, धन्यवाद।"],
  ["agent", "हो गया। आपको जल्द ही एक संदेश मिलेगा। नमस्ते!"],
];

function detailOf(c: Conversation): Conversation {
  if (c.status?.category !== "connected") return { ...c, transcript: [], results: null };
  const lines = c.contact_number?.startsWith("+91") ? LINES_HI : LINES;
  const turns: Turn[] = lines.map(([who, text], i) => ({
    speaker: { kind: who },
    text,
    start_secs: i * 4.5,
    end_secs: i * 4.5 + 4,
  }));
  return {
    ...c,
    transcript: turns,
    results: { appointment_confirmed: true, new_slot: "Friday 10:00", sentiment: "positive", tags: ["reschedule"] },
  };
}

// ---------------------------------------------------------------------------------------------
// The fake

const REGION_LABEL: Record<Region["kind"], string> = { global: "Global", india: "India", custom: "" };
const BASE_URLS = { global: "https://api.voice.formantai.com", india: "https://api.in.voice.formantai.com" };
const COLORS = ["#2563eb", "#ea580c", "#7c3aed", "#0d9488", "#db2777", "#65a30d"];

const ERROR_MESSAGES: Record<ErrorKind, string> = {
  auth: "The API key was not accepted by the server. Check the key for this account.",
  not_found: "This call no longer exists on the server.",
  recording_unavailable: "The recording for this call is not available yet.",
  rate_limited: "The server is receiving too many requests. Waiting before trying again.",
  network: "Could not connect to the server. Check your internet connection.",
  timeout: "The server did not answer in time.",
  keychain: "The system keychain could not be reached; keys are kept for this session only.",
  audio: "No audio output device is available.",
  invalid_input: "Some of the input is not valid.",
  io: "The file could not be written there.",
  bad_response: "The server sent an answer that could not be read.",
  server: "The server reported an internal error.",
  cancelled: "The operation was cancelled.",
  library_damaged: "The library file is damaged; it can be rebuilt from the API.",
  unknown: "Something unexpected went wrong.",
};

interface FakeAccount {
  view: AccountView;
  conversations: Conversation[];
}

class Rejection {
  constructor(
    readonly kind: ErrorKind,
    readonly message: string,
    readonly retry_after_secs: number | null = null,
  ) {}
}

function reject(kind: ErrorKind, message?: string, retryAfterSecs: number | null = null): never {
  throw new Rejection(kind, message ?? ERROR_MESSAGES[kind], retryAfterSecs);
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

// Channel messages are delivered the way Tauri does it: through the callback the Channel
// registered, with an index that keeps them in order.
const channelIndex = new WeakMap<object, number>();
function send<T>(channel: Channel<T> | null, message: T): void {
  if (channel === null) return;
  const index = channelIndex.get(channel) ?? 0;
  channelIndex.set(channel, index + 1);
  const internals = (window as unknown as { __TAURI_INTERNALS__: { runCallback: (id: number, data: unknown) => void } })
    .__TAURI_INTERNALS__;
  internals.runCallback(channel.id, { index, message });
}

function isChannel(v: unknown): boolean {
  return v !== null && typeof v === "object" && "id" in v && "onmessage" in v;
}

function isCommand(cmd: string, handlers: Handlers): cmd is CommandName {
  return Object.hasOwn(handlers, cmd);
}

export function installFakeBackend(options: FakeBackendOptions = {}): FakeBackendControl {
  const latency = options.latencyMs ?? 5;
  let loadAllDelay = options.loadAllPageDelayMs ?? 15;
  // Recordings "downloaded" so far, as the real cache would hold them: id → bytes.
  const recordingCache = new Map<string, number>();
  const cacheInfo = () => ({
    bytes: [...recordingCache.values()].reduce((a, b) => a + b, 0),
    files: recordingCache.size,
    cap_bytes: 2_000_000_000,
  });
  let savePath: string | null = options.savePath === undefined ? "/home/user/Downloads/call.txt" : options.savePath;
  const keychain = {
    available: options.keychainAvailable ?? true,
    message: options.keychainAvailable === false ? ERROR_MESSAGES.keychain : null,
  };
  const accounts: FakeAccount[] = [];
  let activeId: string | null = null;
  let nextAccount = 1;
  const failures = new Map<string, FailureSpec[]>(
    Object.entries(options.failures ?? {}).map(([cmd, specs]) => [cmd, (specs ?? []).map((x) => ({ ...x }))]),
  );
  const extraLatency = new Map<string, number>();
  const cancelled = new Set<string>();
  const calls: CallRecord[] = [];
  let demoRunning = false;

  function makeAccount(name: string, region: Region, apiKey: string, source: AccountView["source"]): FakeAccount {
    const id = source === "demo" ? "demo" : `acc-${nextAccount++}`;
    const base_url = region.kind === "custom" ? region.base_url : BASE_URLS[region.kind];
    const region_label = region.kind === "custom" ? new URL(region.base_url).host : REGION_LABEL[region.kind];
    const view: AccountView = {
      id,
      name,
      region,
      region_label,
      base_url,
      color: region.kind === "india" ? "#ea580c" : COLORS[(accounts.length * 2) % COLORS.length]!,
      key_hint: `…${apiKey.slice(-4)}`,
      source,
      key_storage: source === "saved" && keychain.available ? "keychain" : "memory",
    };
    const count = options.counts?.[id] ?? options.defaultCount ?? 10_000;
    return { view, conversations: generateConversations(id, count, region.kind === "india") };
  }

  function state(): AccountsState {
    return { accounts: accounts.map((a) => a.view), active_id: activeId, keychain: { ...keychain } };
  }

  function active(): FakeAccount {
    const a = accounts.find((x) => x.view.id === activeId);
    if (!a) reject("invalid_input", "No account is selected.");
    return a;
  }

  function checkKey(key: unknown): string {
    if (typeof key !== "string" || key.trim() === "") reject("invalid_input", "Enter an API key.");
    if (key.includes("wrong") || key.length < 8) reject("auth");
    return key;
  }

  function findAccount(id: unknown): FakeAccount {
    const a = accounts.find((x) => x.view.id === id);
    if (!a) reject("not_found", "That account does not exist.");
    return a;
  }

  function findConversation(id: unknown): Conversation {
    const c = active().conversations.find((x) => x.conversation_id === id);
    if (!c) reject("not_found");
    return c;
  }

  function filtered(agentId: unknown): Conversation[] {
    const all = active().conversations;
    return typeof agentId === "number" ? all.filter((c) => c.agent_id === agentId) : all;
  }

  if (options.accounts === "one" || options.accounts === "two") {
    accounts.push(makeAccount("Acme Support", { kind: "global" }, "sk_live_acme1a2b", "saved"));
    activeId = accounts[0]!.view.id;
  }
  if (options.accounts === "two") {
    accounts.push(makeAccount("Acme India", { kind: "india" }, "sk_live_indiac3d4", "saved"));
  }

  // Player state, for the call view's tests.
  let playerChannel: Channel<PlayerEvent> | null = null;
  let player = { duration: 0, pos: 0, playing: false, timer: 0 as ReturnType<typeof setInterval> | 0 };
  // The engine's settings outlive each recording, as the real one's do.
  const playerSettings: PlayerSettings = {
    speed: 1,
    channel_mode: "both",
    volume: 1,
    muted: false,
    ...options.playerSettings,
  };
  function changeSettings(change: Partial<PlayerSettings>) {
    Object.assign(playerSettings, change);
    send(playerChannel, { kind: "settings", settings: { ...playerSettings } });
    return null;
  }
  function stopTimer() {
    if (player.timer) clearInterval(player.timer);
    player.timer = 0;
  }

  const written: { cmd: string; path: string }[] = [];
  /** Which calls the app analyses by itself (`set_background_analysis`). */
  let backgroundAnalysis: BackgroundAnalysis = "opened_calls";
  /** Per account: the agent channel the user set (`set_agent_channel`). */
  const agentChannels = new Map<string, "left" | "right">();
  /** The save dialog's answer as the command's outcome; a rejected path writes nothing. */
  function saveTo(cmd: string, path: string | null, bytes: number): SaveOutcome {
    if (path === null) return { kind: "cancelled" };
    if (path.startsWith("/readonly/") || path.startsWith("/missing/")) reject("io");
    written.push({ cmd, path });
    return { kind: "saved", path, bytes };
  }

  const library = createFakeLibrary(options.library ?? {}, {
    account: (id) => accounts.find((a) => a.view.id === id)?.view,
    conversations: (id) => accounts.find((a) => a.view.id === id)?.conversations ?? [],
    send,
    reject,
  });

  const handlers: Handlers = {
    ...library.handlers,
    get_accounts: () => state(),
    add_account: (a) => {
      const name = typeof a.name === "string" ? a.name.trim() : "";
      if (name === "") reject("invalid_input", "Enter a name for the account.");
      const region = a.region as Region | undefined;
      if (!region || !["global", "india", "custom"].includes(region.kind)) reject("invalid_input", "Choose a region.");
      if (region.kind === "custom" && !/^https?:\/\/[^\s/]+/.test(region.base_url)) {
        reject("invalid_input", "Enter a base URL starting with https://.");
      }
      const key = checkKey(a.apiKey);
      const acc = makeAccount(name, region, key, "saved");
      accounts.push(acc);
      activeId = acc.view.id;
      return state();
    },
    update_account: (a) => {
      const acc = findAccount(a.id);
      if (typeof a.apiKey === "string") acc.view.key_hint = `…${checkKey(a.apiKey).slice(-4)}`;
      if (typeof a.name === "string") {
        if (a.name.trim() === "") reject("invalid_input", "Enter a name for the account.");
        acc.view.name = a.name.trim();
      }
      return state();
    },
    remove_account: (a) => {
      const acc = findAccount(a.id);
      accounts.splice(accounts.indexOf(acc), 1);
      if (activeId === acc.view.id) activeId = accounts[0]?.view.id ?? null;
      return state();
    },
    set_active_account: (a) => {
      activeId = findAccount(a.id).view.id;
      return state();
    },
    start_demo: () => {
      if (!demoRunning) {
        demoRunning = true;
        accounts.push(makeAccount("Demo", { kind: "custom", base_url: "http://127.0.0.1:47810" }, "demo-key-0000", "demo"));
      }
      activeId = "demo";
      return state();
    },
    list_conversations: (a) => {
      const limit = a.limit;
      const offset = a.offset;
      if (typeof limit !== "number" || limit < 1 || limit > 100) reject("invalid_input", "limit must be 1..100.");
      if (typeof offset !== "number" || offset < 0) reject("invalid_input", "offset must be 0 or more.");
      const rows = filtered(a.agentId);
      return { data: rows.slice(offset, offset + limit), has_more: offset + limit < rows.length, total: rows.length };
    },
    load_all_conversations: async (a) => {
      const taskId = String(a.taskId);
      const rows = filtered(a.agentId);
      let loaded = 0;
      while (loaded < rows.length) {
        if (cancelled.has(taskId)) return { loaded, total: rows.length, cancelled: true, warning: null };
        const page = rows.slice(loaded, loaded + 100);
        loaded += page.length;
        send(a.onEvent, { kind: "page", conversations: page, loaded, total: rows.length });
        await sleep(loadAllDelay);
      }
      return { loaded, total: rows.length, cancelled: cancelled.has(taskId), warning: options.loadAllWarning ?? null };
    },
    cancel_task: (a) => {
      cancelled.add(String(a.taskId));
      return null;
    },
    get_conversation: (a) => detailOf(findConversation(a.id)),
    export_options: (a) => {
      const c = detailOf(findConversation(a.id));
      const timed = (c.transcript ?? []).every((t) => t.start_secs !== null);
      const formats = (
        [
          ["txt", "Plain text", "txt"],
          ["md", "Markdown", "md"],
          ["json", "JSON", "json"],
          ["csv", "CSV", "csv"],
          ["srt", "SubRip subtitles", "srt"],
          ["vtt", "WebVTT subtitles", "vtt"],
        ] satisfies [ExportFormat, string, string][]
      ).map(([format, label, extension]) => {
        const subtitle = format === "srt" || format === "vtt";
        const available = !subtitle || (timed && (c.transcript ?? []).length > 0);
        return { format, label, extension, available, reason: available ? null : "Subtitles need turn times." };
      });
      return { formats, default_file_name: `${c.conversation_id}.txt` };
    },
    export_transcript: (a, dialogAnswer) => {
      findConversation(a.id);
      return saveTo("export_transcript", dialogAnswer, 1234);
    },
    open_recording: async (a) => {
      const c = findConversation(a.id);
      if (c.status?.category !== "connected" || c.duration_seconds === null) reject("recording_unavailable");
      const sampleRate = 8000;
      const pps = 100;
      const duration = c.duration_seconds;
      const pixels = Math.ceil(duration * pps);
      const rand = mulberry32(hashString(c.conversation_id));
      const peaks: number[] = [];
      for (let p = 0; p < pixels; p++) {
        const amp = Math.round((0.2 + 0.8 * Math.abs(Math.sin(p / 37))) * rand() * 20000);
        peaks.push(-amp, amp);
      }
      send(a.onEvent, { kind: "format", sample_rate: sampleRate, channels: 1, duration_secs: duration, pixels_per_second: pps });
      const bytes = Math.round(duration * sampleRate * 2 + 44);
      const chunk = 2000;
      for (let p = 0; p < pixels; p += chunk) {
        send(a.onEvent, { kind: "progress", received_bytes: Math.min(bytes, Math.round((bytes * (p + chunk)) / pixels)), total_bytes: bytes });
        send(a.onEvent, { kind: "peaks", first_pixel: p, data: peaks.slice(p * 2, (p + chunk) * 2) });
        await sleep(5);
      }
      stopTimer();
      player = { duration, pos: 0, playing: false, timer: 0 };
      recordingCache.set(c.conversation_id, bytes);
      return { id: c.conversation_id, sample_rate: sampleRate, channels: 1, duration_secs: duration, pixels_per_second: pps, peaks, bytes, from_cache: false };
    },
    player_subscribe: (a) => {
      playerChannel = a.onEvent;
      send(playerChannel, { kind: "device", available: true, message: null });
      return null;
    },
    player_play: () => {
      if (player.duration <= 0) reject("audio", "Nothing is loaded to play.");
      player.playing = true;
      stopTimer();
      player.timer = setInterval(() => {
        player.pos = Math.min(player.duration, player.pos + 0.1);
        send(playerChannel, { kind: "position", secs: player.pos, playing: player.pos < player.duration });
        if (player.pos >= player.duration) {
          stopTimer();
          player.playing = false;
          send(playerChannel, { kind: "ended" });
        }
      }, 100);
      return null;
    },
    player_pause: () => {
      stopTimer();
      player.playing = false;
      send(playerChannel, { kind: "position", secs: player.pos, playing: false });
      return null;
    },
    player_seek: (a) => {
      const secs = Number(a.secs);
      if (!Number.isFinite(secs)) reject("invalid_input", "Seek position must be a number.");
      player.pos = Math.max(0, Math.min(player.duration, secs));
      send(playerChannel, { kind: "position", secs: player.pos, playing: player.playing });
      return null;
    },
    player_set_volume: (a) => {
      const v = Number(a.volume);
      if (!(v >= 0 && v <= 1)) reject("invalid_input", "Volume must be between 0 and 1.");
      return changeSettings({ volume: v });
    },
    player_set_muted: (a) => changeSettings({ muted: a.muted === true }),
    player_settings: () => ({ ...playerSettings }),
    player_set_speed: (a) => {
      const s = Number(a.speed);
      if (!(s >= 0.5 && s <= 2)) reject("invalid_input", "Speed must be between 0.5 and 2.");
      return changeSettings({ speed: s });
    },
    player_set_channel_mode: (a) => {
      const mode = String(a.mode);
      if (mode !== "both" && mode !== "left" && mode !== "right") reject("invalid_input", "Unknown channel mode.");
      return changeSettings({ channel_mode: mode as ChannelMode });
    },
    save_recording: (a, dialogAnswer) => {
      const c = findConversation(a.id);
      return saveTo("save_recording", dialogAnswer, Math.round((c.duration_seconds ?? 0) * 16000 + 44));
    },
    analyze_call: (a) => {
      const c = findConversation(a.id);
      if (!recordingCache.has(c.conversation_id)) reject("not_found", "The recording is not downloaded yet: the analysis starts once it is.");
      const analysis = fakeAnalysis(c.duration_seconds ?? 0, agentChannels.get(activeId ?? "") ?? null);
      // As the app does: the figures of a call the library has are stored.
      if (activeId !== null) {
        library.control.storeFigures(activeId, c.conversation_id, {
          latency_p50_s: analysis.summary.latency_p50_s,
          latency_p90_s: analysis.summary.latency_p90_s,
          interruptions: analysis.summary.interruptions,
        });
      }
      return analysis;
    },
    background_analysis: () => backgroundAnalysis,
    set_background_analysis: (a) => {
      if (a.mode !== "opened_calls" && a.mode !== "all_downloaded") reject("invalid_input", "Unknown background analysis setting.");
      backgroundAnalysis = a.mode;
      return null;
    },
    set_agent_channel: (a) => {
      if (activeId === null) reject("invalid_input", "No account is selected.");
      if (a.channel === "left" || a.channel === "right") agentChannels.set(activeId, a.channel);
      else agentChannels.delete(activeId);
      return null;
    },
    recording_cache_info: () => cacheInfo(),
    open_logs_folder: () => LOG_FOLDER,
    clear_recording_cache: () => {
      recordingCache.clear();
      return cacheInfo();
    },
    // After the list's library handlers: search, triage, timeline and export are this fake's.
    ...librarySearchHandlers({
      accounts: () => accounts,
      detailOf,
      send,
      isCancelled: (taskId) => cancelled.has(taskId),
      figures: (accountId, id) => library.control.figuresOf(accountId, id),
      sleep,
      written,
      options: options.librarySearch ?? {},
    }),
  };

  mockIPC(async (cmd, payload) => {
    const args = (payload ?? {}) as Record<string, unknown>;
    const logged: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(args)) logged[k] = isChannel(v) ? "<channel>" : v;
    const record: CallRecord = { cmd, args: logged, at: Date.now(), answered: false };
    calls.push(record);
    try {
      return await answer(cmd, args);
    } finally {
      record.answered = true;
    }
  });

  async function answer(cmd: string, args: Record<string, unknown>): Promise<unknown> {
    // The save dialog answers with the path set when the command started, not when the reply
    // lands: a test that changes the path right after seeing the call must not change that answer.
    const dialogAnswer = savePath;
    await sleep(latency + (extraLatency.get(cmd) ?? 0));
    const queue = failures.get(cmd);
    const failure = queue?.[0];
    if (queue && failure) {
      const left = (failure.times ?? 1) - 1;
      if (left <= 0) queue.shift();
      else failure.times = left;
      const retry = failure.kind === "rate_limited" ? (failure.retryAfterSecs ?? null) : null;
      throw new Rejection(failure.kind, failure.message ?? ERROR_MESSAGES[failure.kind], retry);
    }
    if (cmd === "plugin:opener|reveal_item_in_dir") return null;
    if (!isCommand(cmd, handlers)) throw `Command ${cmd} not found`;
    // The webview's arguments are the contract's (its calls are typed); one handler of the
    // union cannot be called with the union of arguments, hence the widening.
    const handler = handlers[cmd] as (args: unknown, dialogAnswer: string | null) => unknown;
    try {
      return await handler(args, dialogAnswer);
    } catch (e) {
      // Tauri rejects with the serialised error object, not an Error instance.
      if (e instanceof Rejection) throw { kind: e.kind, message: e.message, retry_after_secs: e.retry_after_secs };
      throw e;
    }
  }

  const control: FakeBackendControl = {
    fail: (cmd, spec) => {
      const q = failures.get(cmd) ?? [];
      q.push({ ...spec });
      failures.set(cmd, q);
    },
    clearFailures: () => failures.clear(),
    calls,
    written,
    callCount: (cmd) => calls.filter((c) => c.cmd === cmd).length,
    setLatency: (cmd, ms) => extraLatency.set(cmd, ms),
    setLoadAllPageDelay: (ms) => {
      loadAllDelay = ms;
    },
    setSavePath: (p) => {
      savePath = p;
    },
    conversations: (id) => accounts.find((a) => a.view.id === id)?.conversations ?? [],
    accounts: state,
    library: library.control,
  };
  window.__fakeBackend = control;
  return control;
}
