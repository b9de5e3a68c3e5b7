// The list pane's tabs: Calls (the list, as it was), Search and Triage over the library, and
// "Export calls…" for what the current tab selects. A search result of another account switches
// to that account first, then opens there (see session.ts).
import { useCallback, useEffect, useId, useRef, useState, type KeyboardEvent as ReactKeyboardEvent, type ReactNode } from "react";
import type { Filter, LibrarySearchHit } from "../../ipc/libraryQuery";
import type { AccountView } from "../../ipc/types";
import { listActionForKey, listShortcut } from "../../lib/keys";
import { isEmptyFilter } from "../../lib/libraryFilter";
import { BulkExportDialog } from "./BulkExportDialog";
import { SearchView } from "./SearchView";
import type { LibrarySelection } from "./selection";
import { openAfterSwitch, takePendingOpen, useRemembered, type LibraryTab, type OpenRequest } from "./session";
import { TriageView } from "./TriageView";
import "./library.css";

const TABS: { tab: LibraryTab; label: string }[] = [
  { tab: "calls", label: "Calls" },
  { tab: "search", label: "Search" },
  { tab: "triage", label: "Triage" },
];

export interface LibraryPaneProps {
  account: AccountView;
  accounts: AccountView[];
  /** Opens a call of this account (with the turn to highlight). */
  onOpen: (request: OpenRequest) => void;
  /** Makes another account the active one (its workspace then opens the pending call). */
  onSwitchAccount: (accountId: string) => void;
  /** Filters the list to a triage group or a chart bar (the pane then shows the list). */
  onFilter: (filter: Filter) => void;
  /** The filter set on the list from outside (a triage group or bar), exported from the Calls tab. */
  callsFilter: Filter;
  /** The Calls tab: the list as it is. */
  children: ReactNode;
}

export function LibraryPane(props: LibraryPaneProps) {
  const { account, accounts, onOpen, onSwitchAccount, onFilter, callsFilter, children } = props;
  const [tab, setTab] = useRemembered("tab");
  const [exporting, setExporting] = useState<LibrarySelection | null>(null);
  const [selections, setSelections] = useState<Partial<Record<LibraryTab, LibrarySelection>>>({});
  const id = useId();
  const searchInput = useRef<HTMLInputElement>(null);

  // Behind Search and Triage the list is hidden: its keys (↑/↓, J/K, Enter) must not move or
  // open what the user cannot see, and "/" goes to the library's search instead of the list's.
  useEffect(() => {
    if (tab === "calls") return;
    const onKey = (e: KeyboardEvent) => {
      const action = listShortcut(e);
      if (!action) return;
      if (action.kind === "focus_search") {
        e.preventDefault();
        e.stopPropagation();
        setTab("search");
        searchInput.current?.focus();
        searchInput.current?.select();
      } else if (e.target === document.body || e.target === document.documentElement) {
        e.stopPropagation();
      }
    };
    // Capture: ahead of the list's own listener on window.
    window.addEventListener("keydown", onKey, true);
    return () => window.removeEventListener("keydown", onKey, true);
  }, [tab, setTab]);
  /** Keys from inside a library view stay there (a bar's Enter is the bar's, not the list's). */
  const keepKeys = (e: ReactKeyboardEvent) => {
    if (listActionForKey(e)) e.stopPropagation();
  };

  // A call asked for from another account's search, now that this account is active.
  useEffect(() => {
    const pending = takePendingOpen(account.id);
    if (pending) onOpen(pending);
  }, [account.id, onOpen]);

  const openHit = useCallback(
    (hit: LibrarySearchHit) => {
      const request: OpenRequest = {
        conversationId: hit.conversation_id,
        turnIndex: hit.turn_index,
        startAtSecs: hit.turn_start_secs,
      };
      if (hit.account_id === null || hit.account_id === account.id) {
        onOpen(request);
      } else {
        openAfterSwitch(hit.account_id, request);
        onSwitchAccount(hit.account_id);
      }
    },
    [account.id, onOpen, onSwitchAccount],
  );

  const filterList = useCallback(
    (filter: Filter) => {
      onFilter(filter);
      setTab("calls");
    },
    [onFilter, setTab],
  );

  const onSearchSelection = useCallback((s: LibrarySelection) => setSelections((all) => ({ ...all, search: s })), []);
  const onTriageSelection = useCallback((s: LibrarySelection) => setSelections((all) => ({ ...all, triage: s })), []);

  const currentSelection = (): LibrarySelection =>
    (tab === "calls" ? undefined : selections[tab]) ?? {
      accountIds: [account.id],
      filter: callsFilter,
      description: isEmptyFilter(callsFilter) ? `every call of ${account.name} in the library` : "the calls the list is filtered to",
    };

  return (
    <>
      <div className="library-tabs">
        <div role="tablist" aria-label="Calls, search and triage" className="library-tabs__list">
          {TABS.map((t) => (
            <button
              key={t.tab}
              type="button"
              role="tab"
              id={`${id}-${t.tab}-tab`}
              aria-selected={tab === t.tab}
              aria-controls={`${id}-${t.tab}`}
              className={`library-tab${tab === t.tab ? " is-on" : ""}`}
              onClick={() => setTab(t.tab)}
            >
              {t.label}
            </button>
          ))}
        </div>
        <button type="button" className="btn btn--small" onClick={() => setExporting(currentSelection())}>
          Export calls…
        </button>
      </div>
      {/* The list stays mounted behind the other tabs: its rows, scroll and filters survive a look at search. */}
      <div className="library-panel" role="tabpanel" id={`${id}-calls`} aria-labelledby={`${id}-calls-tab`} hidden={tab !== "calls"}>
        {children}
      </div>
      {tab === "search" && (
        <div className="library-panel" role="tabpanel" id={`${id}-search`} aria-labelledby={`${id}-search-tab`} onKeyDown={keepKeys}>
          <SearchView account={account} accounts={accounts} onOpen={openHit} onSelection={onSearchSelection} inputRef={searchInput} />
        </div>
      )}
      {tab === "triage" && (
        <div className="library-panel" role="tabpanel" id={`${id}-triage`} aria-labelledby={`${id}-triage-tab`} onKeyDown={keepKeys}>
          <TriageView account={account} onFilter={filterList} onSelection={onTriageSelection} />
        </div>
      )}
      {exporting && <BulkExportDialog selection={exporting} onClose={() => setExporting(null)} />}
    </>
  );
}
