// The library's status for the whole app: subscribed once by the shell, streamed by the Rust
// side on every change (sync progress, offline, a damaged file). Views read it with
// `useLibraryStatus` / `useAccountLibrary`.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { rebuildLibrary, subscribeLibrary, type LibraryAccountStatus, type LibraryStatus } from "../ipc/library";

export interface LibraryStatusApi {
  /** Null until the first status arrived (or when the subscription failed: the app runs live). */
  status: LibraryStatus | null;
  /** Moves a damaged library aside and starts an empty one; rejects with an AppError. */
  rebuild: () => Promise<void>;
}

const LibraryStatusContext = createContext<LibraryStatusApi>({
  status: null,
  rebuild: () => Promise.resolve(),
});

export function LibraryStatusProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<LibraryStatus | null>(null);

  useEffect(() => {
    let live = true;
    // Without a status the list simply stays live (API paging), as before the library existed.
    subscribeLibrary((next) => {
      if (live) setStatus(next);
    }).catch(() => undefined);
    return () => {
      // A later subscription replaces this one on the Rust side; until then its messages are ignored.
      live = false;
    };
  }, []);

  const rebuild = useCallback(async () => {
    setStatus(await rebuildLibrary());
  }, []);

  const value = useMemo(() => ({ status, rebuild }), [status, rebuild]);
  return <LibraryStatusContext.Provider value={value}>{children}</LibraryStatusContext.Provider>;
}

export function useLibraryStatus(): LibraryStatusApi {
  return useContext(LibraryStatusContext);
}

/** The account's sync status, once a sync ran for it this session. */
export function useAccountLibrary(accountId: string): LibraryAccountStatus | null {
  const { status } = useLibraryStatus();
  return status?.accounts.find((a) => a.account_id === accountId) ?? null;
}

/** Whether the account's list reads from the library: the file is open and a whole listing finished. */
export function libraryListReady(status: LibraryStatus | null, account: LibraryAccountStatus | null): boolean {
  return status !== null && status.available && account !== null && account.listed;
}
