import { describe, expect, it } from "vitest";
import {
  isSelected,
  MAX_PICKED_IDS,
  NO_SELECTION,
  selectAll,
  selectedCount,
  SelectionTooLarge,
  setRows,
  toggle,
  toPicked,
} from "../../src/views/list/listSelection";
import { notFoundText } from "../../src/views/library/BulkExportDialog";

describe("the list's selection", () => {
  it("names ticked ids, or all that match but the unticked ones", () => {
    let s = toggle(NO_SELECTION, "a");
    s = setRows(s, ["b", "c"], true);
    s = toggle(s, "b");
    expect(selectedCount(s, 1_000_000)).toBe(2);
    expect(toPicked(s)).toEqual({ kind: "only", ids: ["a", "c"] });

    let all = selectAll();
    expect(selectedCount(all, 1_000_000)).toBe(1_000_000);
    all = toggle(all, "x");
    expect(isSelected(all, "x")).toBe(false);
    expect(isSelected(all, "y")).toBe(true);
    expect(selectedCount(all, 1_000_000)).toBe(999_999);
    expect(toPicked(all)).toEqual({ kind: "all_except", ids: ["x"] });
  });

  it("refuses more ids than a selection holds, and keeps what it had", () => {
    const many = Array.from({ length: MAX_PICKED_IDS }, (_, i) => `c${i}`);
    const full = setRows(NO_SELECTION, many, true);
    expect(() => toggle(full, "one-more")).toThrow(SelectionTooLarge);
    expect(selectedCount(full, 0)).toBe(MAX_PICKED_IDS);
  });

  it("says which selected calls the library no longer has", () => {
    expect(notFoundText(1, ["c1"])).toBe("1 selected call is not in the library and was not exported: c1.");
    expect(notFoundText(25, ["a", "b"])).toBe("25 selected calls are not in the library and were not exported: a, b, and 23 more.");
  });
});
