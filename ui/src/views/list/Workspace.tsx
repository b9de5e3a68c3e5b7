// The two panes for one account: the calls on the left, the open call on the right.
// The shell mounts a fresh Workspace per account, so nothing of one account leaks into another.
import { useCallback, useEffect, useState } from "react";
import type { Filter } from "../../ipc/library";
import { syncLibrary } from "../../ipc/library";
import type { AccountView, Conversation } from "../../ipc/types";
import { EMPTY_FILTER } from "../../lib/libraryFilter";
import { CallView } from "../call/CallView";
import { LibraryPane } from "../library/LibraryPane";
import type { OpenRequest } from "../library/session";
import { CallsPane } from "./CallsPane";

export interface WorkspaceProps {
  account: AccountView;
  onUpdateKey: () => void;
  /** Every account (the library's search covers them all) and how to switch to one. */
  accounts: AccountView[];
  onSwitchAccount: (id: string) => void;
}

export function Workspace({ account, onUpdateKey, accounts, onSwitchAccount }: WorkspaceProps) {
  const [open, setOpen] = useState<{ id: string; summary: Conversation | undefined } | null>(null);
  // The library filter other views set (a triage group clicked, a search); the list applies it.
  const [libraryFilter, setLibraryFilter] = useState<Filter>(EMPTY_FILTER);
  // A search result opens with its turn marked and the player at that turn.
  const [openRequest, setOpenRequest] = useState<OpenRequest | null>(null);

  // The account's library syncs from now on (and keeps syncing while the app runs); until its
  // first listing finishes the list pages the API. A failure shows in the library's status.
  useEffect(() => {
    syncLibrary(account.id).catch(() => undefined);
  }, [account.id]);

  const openCall = useCallback((id: string, summary: Conversation | undefined) => setOpen({ id, summary }), []);
  const openFromLibrary = useCallback((r: OpenRequest) => {
    setOpenRequest(r);
    setOpen({ id: r.conversationId, summary: undefined });
  }, []);
  // The request's marks apply only while its call is the open one (a call opened from the list has none).
  const searchHit = openRequest !== null && open !== null && openRequest.conversationId === open.id ? openRequest : null;

  return (
    <div className="workspace">
      <section className="list-pane" aria-label="Conversation list">
        <LibraryPane
          account={account}
          accounts={accounts}
          onOpen={openFromLibrary}
          onSwitchAccount={onSwitchAccount}
          onFilter={setLibraryFilter}
          callsFilter={libraryFilter}
        >
          <CallsPane
            account={account}
            openId={open?.id ?? null}
            onOpen={openCall}
            libraryFilter={libraryFilter}
            onLibraryFilter={setLibraryFilter}
            onUpdateKey={onUpdateKey}
          />
        </LibraryPane>
      </section>
      <section className="detail-pane" aria-label="Selected call">
        {open !== null ? (
          <CallView
            key={open.id}
            conversationId={open.id}
            summary={open.summary}
            highlightTurn={searchHit?.turnIndex}
            startAtSecs={searchHit?.startAtSecs}
          />
        ) : (
          <div className="detail-empty muted">
            <p>Select a call to see its transcript, results and recording.</p>
            <p className="detail-empty__keys">
              <kbd>↑</kbd> <kbd>↓</kbd> or <kbd>J</kbd> <kbd>K</kbd> to move, <kbd>Enter</kbd> to open, <kbd>/</kbd> to
              search
            </p>
          </div>
        )}
      </section>
    </div>
  );
}
