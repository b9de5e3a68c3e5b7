// Conversation commands, always for the active account.
import { call, createChannel } from "./core";
import type { Conversation, ConversationPage, LoadAllEvent, LoadAllResult } from "./types";

export const listConversations = (agentId: number | null, limit: number, offset: number) =>
  call<ConversationPage>("list_conversations", { agentId, limit, offset });

/** Pages stream to `onPage` from offset 0, in order; resolves when done or cancelled. */
export const loadAllConversations = (
  taskId: string,
  agentId: number | null,
  onPage: (event: LoadAllEvent) => void,
) =>
  call<LoadAllResult>("load_all_conversations", {
    taskId,
    agentId,
    onEvent: createChannel<LoadAllEvent>(onPage),
  });

export const cancelTask = (taskId: string) => call<void>("cancel_task", { taskId });

export const getConversation = (id: string) => call<Conversation>("get_conversation", { id });
