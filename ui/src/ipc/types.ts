// The IPC contract's types. The domain types are generated from the Rust types by ts-rs into
// `src/bindings/` (so the two sides cannot drift); the account and task payloads below are not
// generated yet and mirror the contract by hand.
export type { StatusCategory } from "../bindings/StatusCategory";
export type { StatusInfo } from "../bindings/StatusInfo";
export type { Speaker } from "../bindings/Speaker";
export type { Turn } from "../bindings/Turn";
export type { Conversation } from "../bindings/Conversation";
export type { ConversationPage } from "../bindings/ConversationPage";
export type { ExportFormat } from "../bindings/ExportFormat";
export type { Region } from "../bindings/Region";

import type { Conversation } from "../bindings/Conversation";
import type { Region } from "../bindings/Region";

export interface AccountView {
  id: string;
  name: string;
  region: Region;
  /** "Global" | "India" | host of a custom URL */
  region_label: string;
  base_url: string;
  /** CSS hex colour that identifies the account everywhere. */
  color: string;
  /** e.g. "…a1b2"; the key itself never reaches the webview. */
  key_hint: string;
  source: "saved" | "environment" | "demo";
  key_storage: "keychain" | "memory";
}

export interface KeychainState {
  available: boolean;
  message: string | null;
}

export interface AccountsState {
  accounts: AccountView[];
  active_id: string | null;
  keychain: KeychainState;
}

export type LoadAllEvent = {
  kind: "page";
  conversations: Conversation[];
  loaded: number;
  total: number | null;
};

export interface LoadAllResult {
  loaded: number;
  total: number | null;
  cancelled: boolean;
  /** Why paging stopped before the API said it was done (a server that kept saying "more"). */
  warning: string | null;
}
