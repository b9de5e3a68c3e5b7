// The IPC contract's types, all generated from the Rust types by ts-rs into `src/bindings/`
// (`make bindings`), so the two sides cannot drift. Re-exported here under one roof.
export type { StatusCategory } from "../bindings/StatusCategory";
export type { StatusInfo } from "../bindings/StatusInfo";
export type { Speaker } from "../bindings/Speaker";
export type { Turn } from "../bindings/Turn";
export type { Conversation } from "../bindings/Conversation";
export type { ConversationPage } from "../bindings/ConversationPage";
export type { ExportFormat } from "../bindings/ExportFormat";
export type { Region } from "../bindings/Region";
export type { AccountView } from "../bindings/AccountView";
export type { AccountsState } from "../bindings/AccountsState";
export type { KeychainStatus } from "../bindings/KeychainStatus";
export type { LoadAllEvent } from "../bindings/LoadAllEvent";
export type { LoadAllResult } from "../bindings/LoadAllResult";
export type { SaveOutcome } from "../bindings/SaveOutcome";
