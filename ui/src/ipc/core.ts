// The one doorway to the Rust side. Every command goes through `call`, which turns whatever the
// backend rejects with into a typed `AppError`, so views act on `kind` and never parse messages.
import { Channel, invoke, type InvokeArgs } from "@tauri-apps/api/core";
import type { CommandMap, CommandName } from "../bindings/commands";
import type { ErrorKind } from "../bindings/ErrorKind";
import { ERROR_KINDS } from "../bindings/errorKinds";

// The error kinds and the commands are generated from Rust (`make bindings`): a kind or a
// command renamed there fails `tsc` here.
export { ERROR_KINDS };
export type { ErrorKind };
export type { CommandMap, CommandName };

export type CommandArgs<K extends CommandName> = CommandMap[K]["args"];
export type CommandResult<K extends CommandName> = CommandMap[K]["result"];

/** A command without arguments is called without any; any other with exactly its own. */
type ArgsParam<K extends CommandName> =
  CommandArgs<K> extends Record<string, never> ? [] : [args: CommandArgs<K>];

export class AppError extends Error {
  readonly kind: ErrorKind;
  readonly retryAfterSecs: number | null;

  constructor(kind: ErrorKind, message: string, retryAfterSecs: number | null = null) {
    super(message);
    this.name = "AppError";
    this.kind = kind;
    this.retryAfterSecs = retryAfterSecs;
  }
}

export function isErrorKind(value: unknown): value is ErrorKind {
  return typeof value === "string" && (ERROR_KINDS as readonly string[]).includes(value);
}

const FALLBACK_MESSAGE = "Something went wrong. Please try again.";

/**
 * Maps anything a rejected `invoke` may produce to an `AppError`: the contract's `{kind, message}`
 * object, a bare string (Tauri's own errors, e.g. an unknown command), or a thrown JS error.
 */
export function toAppError(raw: unknown): AppError {
  if (raw instanceof AppError) return raw;
  if (raw !== null && typeof raw === "object") {
    const obj = raw as Record<string, unknown>;
    const message =
      typeof obj.message === "string" && obj.message.trim() !== "" ? obj.message : FALLBACK_MESSAGE;
    const kind = isErrorKind(obj.kind) ? obj.kind : "unknown";
    const retry = obj.retry_after_secs ?? obj.retryAfterSecs;
    const retryAfterSecs =
      typeof retry === "number" && Number.isFinite(retry) && retry >= 0 ? retry : null;
    return new AppError(kind, message, retryAfterSecs);
  }
  if (typeof raw === "string" && raw.trim() !== "") return new AppError("unknown", raw);
  return new AppError("unknown", FALLBACK_MESSAGE);
}

/** Calls a Rust command of the contract; rejects only with `AppError`. */
export async function call<K extends CommandName>(command: K, ...args: ArgsParam<K>): Promise<CommandResult<K>> {
  try {
    return await invoke<CommandResult<K>>(command, args[0] as InvokeArgs | undefined);
  } catch (raw) {
    throw toAppError(raw);
  }
}

/** A Channel whose messages go to `onMessage`; pass it as a command argument (e.g. `onEvent`). */
export function createChannel<T>(onMessage: (message: T) => void): Channel<T> {
  const channel = new Channel<T>();
  channel.onmessage = onMessage;
  return channel;
}

let taskCounter = 0;

/** A unique id for a cancellable backend task (`load_all_conversations` + `cancel_task`). */
export function newTaskId(prefix: string): string {
  taskCounter += 1;
  return `${prefix}-${Date.now().toString(36)}-${taskCounter}`;
}
