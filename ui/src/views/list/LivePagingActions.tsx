// The live list's paging actions: Load all (with progress and Cancel), Refresh, and why the last
// "load all" stopped early.
import type { ConversationListApi } from "../../state/useConversationList";
import { loadAllText } from "./ListToolbar";

export function LivePagingActions({ list }: { list: ConversationListApi }) {
  return (
    <>
      {list.loadAllWarning && !list.loadAll && (
        <span className="toolbar__warning" role="status" data-testid="load-all-warning">
          {list.loadAllWarning}
        </span>
      )}
      {list.loadAll ? (
        <>
          <span className="toolbar__progress" data-testid="load-all-progress" aria-live="polite">
            {loadAllText(list.loadAll)}
          </span>
          <progress
            className="toolbar__bar"
            value={list.loadAll.loaded}
            max={list.loadAll.total ?? undefined}
            aria-label="Load all progress"
          />
          <button type="button" className="btn btn--small" onClick={list.cancelLoadAll} disabled={list.loadAll.cancelling}>
            Cancel
          </button>
        </>
      ) : (
        <button type="button" className="btn btn--small" onClick={list.startLoadAll} disabled={!list.hasMore}>
          Load all
        </button>
      )}
      <button type="button" className="btn btn--small" onClick={list.refresh} title="Reload from the server">
        Refresh
      </button>
    </>
  );
}
