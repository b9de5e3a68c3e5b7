// The status filter of the library list: every status of the account with its number of calls,
// counted by the store (triage by status), asked again when a sync stored new calls.
import { useEffect, useState } from "react";
import { libraryTriage } from "../ipc/libraryQuery";
import { EMPTY_FILTER } from "../lib/libraryFilter";
import type { StatusOption } from "../lib/listFilter";
import { statusInfoOf } from "../lib/statusLabels";

export function useLibraryStatuses(accountId: string, dataVersion: string): StatusOption[] {
  const [options, setOptions] = useState<StatusOption[]>([]);
  useEffect(() => {
    let current = true;
    libraryTriage([accountId], "status", EMPTY_FILTER, 0).then(
      (triage) => {
        if (!current) return;
        const counted: StatusOption[] = [];
        for (const group of triage.groups) {
          if (group.key === null) continue;
          const info = statusInfoOf(group.key, "unknown");
          counted.push({ code: group.key, label: info?.label ?? group.key, category: info?.category ?? "unknown", count: group.count });
        }
        setOptions(counted);
      },
      // The filter keeps the statuses it had: the list itself reports a store that fails.
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [accountId, dataVersion]);
  return options;
}
