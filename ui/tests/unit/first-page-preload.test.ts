import { beforeEach, describe, expect, it, vi } from "vitest";
import type { ConversationPage } from "../../src/ipc/types";

const listConversations = vi.fn<(agentId: number | null, limit: number, offset: number) => Promise<ConversationPage>>();
vi.mock("../../src/ipc/conversations", () => ({ listConversations }));

const { dropFirstPage, peekFirstPage, preloadFirstPage, takeFirstPage } = await import(
  "../../src/state/firstPagePreload"
);

const page: ConversationPage = { data: [], has_more: false, total: 0 };

describe("first page preload", () => {
  beforeEach(() => {
    listConversations.mockReset();
    dropFirstPage();
  });

  it("asks for the first page of 100 and hands the request out once", async () => {
    listConversations.mockResolvedValue(page);
    preloadFirstPage();
    expect(listConversations).toHaveBeenCalledWith(null, 100, 0);
    expect(peekFirstPage()).toBeNull(); // not answered yet
    await Promise.resolve();
    expect(peekFirstPage()).toBe(page);
    expect(peekFirstPage()).toBe(page); // peeking leaves it
    await expect(takeFirstPage()).resolves.toBe(page);
    expect(takeFirstPage()).toBeNull();
    expect(peekFirstPage()).toBeNull();
  });

  it("is dropped when the accounts change", async () => {
    listConversations.mockResolvedValue(page);
    preloadFirstPage();
    await Promise.resolve();
    dropFirstPage();
    expect(peekFirstPage()).toBeNull();
    expect(takeFirstPage()).toBeNull();
  });

  it("keeps a failure for the list to report, without an unhandled rejection", async () => {
    listConversations.mockRejectedValue({ kind: "auth", message: "rejected" });
    preloadFirstPage();
    await Promise.resolve();
    expect(peekFirstPage()).toBeNull();
    await expect(takeFirstPage()).rejects.toMatchObject({ kind: "auth" });
  });
});
