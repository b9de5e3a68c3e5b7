// Library commands: its status (streamed), per-account syncs, rebuild, and list windows.
import type { Filter } from "../bindings/Filter";
import type { LibraryStatus } from "../bindings/LibraryStatus";
import type { Sort } from "../bindings/Sort";
import { call, createChannel } from "./core";

export type { CallRow } from "../bindings/CallRow";
export type { Filter } from "../bindings/Filter";
export type { LibraryAccountStatus } from "../bindings/LibraryAccountStatus";
export type { LibraryStatus } from "../bindings/LibraryStatus";
export type { ListWindow } from "../bindings/ListWindow";
export type { Sort } from "../bindings/Sort";
export type { SortColumn } from "../bindings/SortColumn";
export type { SyncProgress } from "../bindings/SyncProgress";

/** Every change of the library's status goes to `onStatus`, the current one first. */
export const subscribeLibrary = (onStatus: (status: LibraryStatus) => void) =>
  call("library_subscribe", { onEvent: createChannel(onStatus) });

/** Syncs the account now and keeps it synced while the app runs. */
export const syncLibrary = (accountId: string) => call("library_sync", { accountId });

export const pauseLibrarySync = (accountId: string, paused: boolean) => call("library_pause_sync", { accountId, paused });

export const rebuildLibrary = () => call("library_rebuild");

/** One window of the account's list: the filter and sort run in the store. */
export const listLibrary = (accountId: string, filter: Filter, sort: Sort, offset: number, limit: number) =>
  call("library_list", { accountId, filter, sort, offset, limit });
