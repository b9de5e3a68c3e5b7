// Stand-ins for the library's list-side commands (status, sync, list) so the fake answers the
// whole contract on this branch; the list's own fake (fake-library.ts) replaces them.
import type { Handlers } from "./fake-backend";

type ListSideCommands =
  | "library_status"
  | "library_subscribe"
  | "library_sync"
  | "library_pause_sync"
  | "library_rebuild"
  | "library_list";

const NO_LIBRARY = { available: true, problem: null, can_rebuild: false, path: "/home/reviewer/.local/share/dev.formant.desk/library.sqlite3", accounts: [] };

export const libraryListPlaceholders: Pick<Handlers, ListSideCommands> = {
  library_status: () => NO_LIBRARY,
  library_subscribe: () => null,
  library_sync: () => null,
  library_pause_sync: () => null,
  library_rebuild: () => NO_LIBRARY,
  library_list: (a) => ({ total: 0, offset: a.offset, rows: [] }),
};
