// Account commands. The API key goes to Rust once and never comes back (only `key_hint`).
import { call } from "./core";
import type { Region } from "./types";

export const getAccounts = () => call("get_accounts");

export const addAccount = (name: string, region: Region, apiKey: string) =>
  call("add_account", { name, region, apiKey });

export const updateAccount = (id: string, changes: { name?: string; apiKey?: string }) =>
  call("update_account", { id, ...changes });

export const removeAccount = (id: string) => call("remove_account", { id });

export const setActiveAccount = (id: string) => call("set_active_account", { id });

export const startDemo = () => call("start_demo");
