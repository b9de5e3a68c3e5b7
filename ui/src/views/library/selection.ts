// What a tab of the library pane has selected: the calls "Export calls…" exports from it.
import type { Filter } from "../../ipc/libraryQuery";

export interface LibrarySelection {
  accountIds: string[];
  filter: Filter;
  /** Words for the export dialog: "calls matching “refund”". */
  description: string;
}
