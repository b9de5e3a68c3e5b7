// The domain types the call view uses, from the shared IPC types.
export type { Conversation, ExportFormat, Speaker, StatusInfo, Turn } from "../../ipc/types";
