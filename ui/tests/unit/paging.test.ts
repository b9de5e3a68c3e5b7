import { describe, expect, it } from "vitest";
import type { Conversation } from "../../src/ipc/types";
import { PAGE_SIZE, PREFETCH_ROWS, appendPage, nextPageOffset, pageHasMore } from "../../src/lib/paging";
import { accountShortcutIndex, listActionForKey } from "../../src/lib/keys";
import { loadAllText, totalText } from "../../src/views/list/ListToolbar";

const c = (id: string) => ({ conversation_id: id }) as Conversation;

describe("nextPageOffset", () => {
  const idle = { loaded: 100, hasMore: true, busy: false };
  it("fetches the next page when the end comes into view", () => {
    expect(nextPageOffset(idle, 99, 100)).toBe(100);
    expect(nextPageOffset(idle, 99 - PREFETCH_ROWS, 100)).toBe(100);
  });
  it("waits while the end is far away", () => {
    expect(nextPageOffset(idle, 99 - PREFETCH_ROWS - 1, 100)).toBeNull();
    expect(nextPageOffset(idle, 20, 100)).toBeNull();
  });
  it("never fetches twice at once or past the end", () => {
    expect(nextPageOffset({ ...idle, busy: true }, 99, 100)).toBeNull();
    expect(nextPageOffset({ ...idle, hasMore: false }, 99, 100)).toBeNull();
  });
  it("does not page silently while filters hide every loaded row", () => {
    expect(nextPageOffset(idle, -1, 0)).toBeNull();
    expect(nextPageOffset({ loaded: 0, hasMore: true, busy: false }, -1, 0)).toBe(0);
  });
  it("uses pages of 100", () => {
    expect(PAGE_SIZE).toBe(100);
  });
});

describe("appendPage", () => {
  it("appends at the offset", () => {
    expect(appendPage([c("a"), c("b")], 2, [c("c")]).map((x) => x.conversation_id)).toEqual(["a", "b", "c"]);
  });
  it("skips rows already shown when the server list shifted", () => {
    const merged = appendPage([c("a"), c("b"), c("c")], 3, [c("c"), c("d")]);
    expect(merged.map((x) => x.conversation_id)).toEqual(["a", "b", "c", "d"]);
  });
  it("replaces what came after the offset (a retried page)", () => {
    expect(appendPage([c("a"), c("x")], 1, [c("b")]).map((x) => x.conversation_id)).toEqual(["a", "b"]);
  });
});

describe("pageHasMore", () => {
  it("trusts has_more unless the known total is reached", () => {
    expect(pageHasMore(100, true, 1234)).toBe(true);
    expect(pageHasMore(1234, true, 1234)).toBe(false);
    expect(pageHasMore(100, false, null)).toBe(false);
    expect(pageHasMore(100, true, null)).toBe(true);
  });
});

describe("toolbar texts", () => {
  it("shows the total, or a lower bound when unknown", () => {
    expect(totalText(1234, 100, true)).toBe("1,234 calls");
    expect(totalText(1, 1, false)).toBe("1 call");
    expect(totalText(null, 300, true)).toBe("300+ calls");
    expect(totalText(null, 42, false)).toBe("42 calls");
  });
  it("shows load-all progress", () => {
    expect(loadAllText({ loaded: 800, total: 1234, cancelling: false })).toBe("Loading 800 of 1,234…");
    expect(loadAllText({ loaded: 800, total: null, cancelling: false })).toBe("Loading 800…");
    expect(loadAllText({ loaded: 800, total: 1234, cancelling: true })).toBe("Cancelling…");
  });
});

describe("shortcuts", () => {
  const k = (key: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean; shiftKey: boolean }> = {}) => ({
    key,
    ctrlKey: false,
    metaKey: false,
    altKey: false,
    shiftKey: false,
    ...mods,
  });
  it("maps Ctrl/Cmd+1..9 to account indexes", () => {
    expect(accountShortcutIndex(k("2", { ctrlKey: true }))).toBe(1);
    expect(accountShortcutIndex(k("9", { metaKey: true }))).toBe(8);
    expect(accountShortcutIndex(k("0", { ctrlKey: true }))).toBeNull();
    expect(accountShortcutIndex(k("2"))).toBeNull();
    expect(accountShortcutIndex(k("2", { ctrlKey: true, shiftKey: true }))).toBeNull();
  });
  it("maps list keys", () => {
    expect(listActionForKey(k("j"))).toEqual({ kind: "move", delta: 1 });
    expect(listActionForKey(k("ArrowUp"))).toEqual({ kind: "move", delta: -1 });
    expect(listActionForKey(k("Enter"))).toEqual({ kind: "open" });
    expect(listActionForKey(k("/"))).toEqual({ kind: "focus_search" });
    expect(listActionForKey(k("j", { ctrlKey: true }))).toBeNull();
    expect(listActionForKey(k("x"))).toBeNull();
  });
});
