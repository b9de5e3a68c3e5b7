// The IPC contract generated from Rust (`src/bindings/commands.ts`, `errorKinds.ts`) types every
// call. The `@ts-expect-error` lines below are checked by `tsc` (`npm run typecheck`): each one
// fails the typecheck the moment the contract stops rejecting what it marks.
import { describe, expect, it } from "vitest";
import { call, ERROR_KINDS, type CommandArgs, type CommandResult } from "../../src/ipc/core";

/** Never run: it exists for `tsc`. */
export function callsTheContractRejects(): void {
  // @ts-expect-error a command that does not exist (a renamed one)
  void call("list_conversation", { agentId: null, limit: 50, offset: 0 });
  // @ts-expect-error arguments are camelCase, as Tauri reads them
  void call("add_account", { name: "Acme", region: { kind: "global" }, api_key: "sk_live_1" });
  // @ts-expect-error a required argument left out
  void call("get_conversation", {});
  // @ts-expect-error an argument of the wrong type
  void call("player_seek", { secs: "12" });
  // @ts-expect-error a command without arguments takes none
  void call("get_accounts", { id: "acc-1" });
  // @ts-expect-error a region the Rust enum does not have
  void call("add_account", { name: "Acme", region: { kind: "europe" }, apiKey: "sk_live_1" });
}

/** Never run: what the contract accepts, and what it resolves to. */
export async function callsTheContractAccepts(): Promise<void> {
  const state = await call("get_accounts");
  const active: string | null = state.active_id;
  // An `Option` argument may be left out (Tauri reads it as `None`).
  await call("update_account", { id: active ?? "acc-1", name: "Renamed" });
  const page = await call("list_conversations", { agentId: null, limit: 50, offset: 0 });
  const total: number | null = page.total;
  // @ts-expect-error a field the Rust type does not have
  void page.totalCount;
  void total;
}

describe("the generated IPC contract", () => {
  it("lists the app's own error kinds besides the API's", () => {
    for (const kind of ["keychain", "audio", "unknown", "not_found", "rate_limited"] as const) {
      expect(ERROR_KINDS).toContain(kind);
    }
    expect(new Set(ERROR_KINDS).size).toBe(ERROR_KINDS.length);
  });

  it("types a command's arguments and result from Rust", () => {
    const args: CommandArgs<"load_all_conversations"> = { taskId: "t-1", agentId: 7, onEvent: null! };
    const result: CommandResult<"load_all_conversations"> = { loaded: 1, total: null, cancelled: false, warning: null };
    expect(args.taskId).toBe("t-1");
    expect(result.cancelled).toBe(false);
  });
});
