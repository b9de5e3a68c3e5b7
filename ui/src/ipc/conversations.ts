// Conversation commands, always for the active account.
import { call, createChannel } from "./core";
import type { LoadAllEvent } from "./types";

export const listConversations = (agentId: number | null, limit: number, offset: number) =>
  call("list_conversations", { agentId, limit, offset });

/** Pages stream to `onPage` from offset 0, in order; resolves when done or cancelled. */
export const loadAllConversations = (
  taskId: string,
  agentId: number | null,
  onPage: (event: LoadAllEvent) => void,
) =>
  call("load_all_conversations", {
    taskId,
    agentId,
    onEvent: createChannel(onPage),
  });

export const cancelTask = (taskId: string) => call("cancel_task", { taskId });

export const getConversation = (id: string) => call("get_conversation", { id });
