// The list pane's calls: live from the API until the account's first sync finishes, then from
// the library. Above the list: the library's notices (damaged file, offline, sync stopped) and
// the chip of a filter set from outside the list. Its own component, so the pane can hold other
// views (search, triage) beside it.
import { useCallback, useRef } from "react";
import type { Filter } from "../../ipc/library";
import { pauseLibrarySync, syncLibrary } from "../../ipc/library";
import type { AccountView } from "../../ipc/types";
import { EMPTY_FILTER } from "../../lib/libraryFilter";
import { useTimeZone } from "../../state/timeZone";
import { libraryListReady, useAccountLibrary, useLibraryStatus } from "../../state/libraryStatus";
import { useCallsListState, type OpenCall } from "./callsListState";
import { LibraryCalls } from "./LibraryCalls";
import { LibraryFilterChip } from "./LibraryFilterChip";
import { LibraryNotices } from "./LibraryNotices";
import { LibrarySyncStatus } from "./LibrarySyncStatus";
import { LiveCalls } from "./LiveCalls";

export interface CallsPaneProps {
  account: AccountView;
  openId: string | null;
  onOpen: OpenCall;
  /** The library filter set from outside the list (a triage group, a search). */
  libraryFilter: Filter;
  onLibraryFilter: (filter: Filter) => void;
  onUpdateKey: () => void;
}

export function CallsPane({ account, openId, onOpen, libraryFilter, onLibraryFilter, onUpdateKey }: CallsPaneProps) {
  const { zone } = useTimeZone();
  const { status, rebuild } = useLibraryStatus();
  const library = useAccountLibrary(account.id);
  const state = useCallsListState();
  const searchRef = useRef<HTMLInputElement>(null);
  const fromLibrary = libraryListReady(status, library);

  // Errors of these land in the status (the sync loop reports its own), so nothing is shown here.
  const syncNow = useCallback(() => void syncLibrary(account.id).catch(() => undefined), [account.id]);
  const pause = useCallback(
    (paused: boolean) => void pauseLibrarySync(account.id, paused).catch(() => undefined),
    [account.id],
  );
  const clearOutside = useCallback(() => onLibraryFilter(EMPTY_FILTER), [onLibraryFilter]);
  const syncStatus = library && <LibrarySyncStatus account={library} zone={zone} onPause={pause} onSyncNow={syncNow} />;
  // What either source of the list needs.
  const shared = { state, zone, openId, onOpen, searchRef, syncStatus };

  return (
    <>
      <LibraryNotices library={status} account={library} zone={zone} onRebuild={rebuild} onSyncNow={syncNow} />
      <LibraryFilterChip filter={libraryFilter} zone={zone} applies={fromLibrary} onClear={clearOutside} />
      {fromLibrary && library ? (
        <LibraryCalls
          {...shared}
          accountId={account.id}
          library={library}
          outsideFilter={libraryFilter}
        />
      ) : (
        <LiveCalls {...shared} account={account} onUpdateKey={onUpdateKey} />
      )}
    </>
  );
}
