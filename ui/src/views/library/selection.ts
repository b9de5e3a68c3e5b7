// What a tab of the library pane has selected: the calls "Export calls…" exports from it.
import type { Picked } from "../../bindings/Picked";
import type { Filter } from "../../ipc/libraryQuery";

export interface LibrarySelection {
  accountIds: string[];
  filter: Filter;
  /** Calls picked in the list on top of the filter (only these, or all but these). */
  picked?: Picked;
  /** Words for the export dialog: "calls matching “refund”". */
  description: string;
}
