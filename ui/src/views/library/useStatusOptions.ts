// The status codes the library holds for some accounts, with their counts (for the search's
// status filter): the triage by status, asked once per set of accounts.
import { useEffect, useState } from "react";
import { libraryTriage } from "../../ipc/libraryQuery";
import { EMPTY_FILTER } from "../../lib/libraryFilter";

export interface LibraryStatusOption {
  code: string;
  count: number;
}

export function useStatusOptions(accountIds: string[]): LibraryStatusOption[] {
  const [options, setOptions] = useState<LibraryStatusOption[]>([]);
  const key = accountIds.join("\n");
  useEffect(() => {
    let live = true;
    if (key === "") {
      setOptions([]);
      return;
    }
    libraryTriage(key.split("\n"), "status", EMPTY_FILTER, 0).then(
      (triage) => {
        if (!live) return;
        setOptions(
          triage.groups.flatMap((g) => (g.key === null ? [] : [{ code: g.key, count: g.count }])),
        );
      },
      // Without the counts the filter still offers nothing wrong: it just lists no codes.
      () => live && setOptions([]),
    );
    return () => {
      live = false;
    };
  }, [key]);
  return options;
}
