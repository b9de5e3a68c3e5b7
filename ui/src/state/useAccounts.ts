// The accounts registry as the UI sees it. Every command returns the whole new state, so the
// hook simply replaces it; failures of the mutating calls are re-thrown for the form to show.
import { useCallback, useEffect, useState } from "react";
import * as api from "../ipc/accounts";
import { AppError, toAppError } from "../ipc/core";
import type { AccountsState, Region } from "../ipc/types";
import { markStartup, STARTUP_MARKS } from "../lib/startupMarks";
import { dropFirstPage } from "./firstPagePreload";

export interface AccountsApi {
  state: AccountsState | null;
  /** Failure of the initial load (or of a switch), shown by the shell. */
  error: AppError | null;
  reload: () => void;
  add: (name: string, region: Region, apiKey: string) => Promise<void>;
  update: (id: string, changes: { name?: string; apiKey?: string }) => Promise<void>;
  remove: (id: string) => Promise<void>;
  setActive: (id: string) => Promise<void>;
  startDemo: () => Promise<void>;
}

export function useAccounts(): AccountsApi {
  const [state, setState] = useState<AccountsState | null>(null);
  const [error, setError] = useState<AppError | null>(null);

  const reload = useCallback(() => {
    setError(null);
    api.getAccounts().then((next) => {
      markStartup(STARTUP_MARKS.accounts);
      setState(next);
    }, (e: unknown) => setError(toAppError(e)));
  }, []);

  useEffect(() => {
    reload();
  }, [reload]);

  const apply = useCallback(async (p: Promise<AccountsState>) => {
    // Whatever the change, the page preloaded at startup may now be another account's.
    dropFirstPage();
    const next = await p;
    setState(next);
    setError(null);
  }, []);

  return {
    state,
    error,
    reload,
    add: (name, region, apiKey) => apply(api.addAccount(name, region, apiKey)),
    update: (id, changes) => apply(api.updateAccount(id, changes)),
    remove: (id) => apply(api.removeAccount(id)),
    setActive: async (id) => {
      try {
        await apply(api.setActiveAccount(id));
      } catch (e) {
        setError(toAppError(e));
      }
    },
    startDemo: () => apply(api.startDemo()),
  };
}
