// The shell: first-run welcome, or the header + workspace of the active account; the accounts
// dialog; the keychain banner; Ctrl/Cmd+1..9 to switch accounts.
import { useCallback, useEffect, useState } from "react";
import { AppHeader } from "./components/AppHeader";
import { ErrorNotice } from "./components/ErrorNotice";
import { AppError } from "./ipc/core";
import type { AccountView } from "./ipc/types";
import { accountShortcutIndex } from "./lib/keys";
import { AccountsDialog, type AccountsDialogMode } from "./views/accounts/AccountsDialog";
import { WelcomeScreen } from "./views/accounts/WelcomeScreen";
import { Workspace } from "./views/list/Workspace";
import { useAccounts } from "./state/useAccounts";

const KEYCHAIN_FALLBACK = "The system keychain is not available, so API keys are kept for this session only.";

/**
 * Only saved accounts keep a key in the keychain: with just the demo (or an account from the
 * environment) an unavailable keychain changes nothing, and a banner about it is noise. It shows
 * once a saved account exists (whose key is then kept in memory).
 */
function usesKeychain(accounts: readonly AccountView[]): boolean {
  return accounts.some((a) => a.source === "saved");
}

export function App() {
  const accounts = useAccounts();
  const [dialog, setDialog] = useState<AccountsDialogMode | null>(null);
  const state = accounts.state;
  const active = state?.accounts.find((a) => a.id === state.active_id) ?? null;
  const closeDialog = useCallback(() => setDialog(null), []);
  const { setActive } = accounts;

  useEffect(() => {
    const list = state?.accounts ?? [];
    const onKey = (e: KeyboardEvent) => {
      const index = accountShortcutIndex(e);
      if (index === null) return;
      const target = list[index];
      if (!target) return;
      e.preventDefault();
      if (target.id !== state?.active_id) void setActive(target.id);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [state, setActive]);

  let body;
  if (state === null) {
    body = accounts.error ? (
      <main className="center">
        <ErrorNotice error={accounts.error} title="Could not read the accounts" onRetry={accounts.reload} />
      </main>
    ) : (
      <main className="center muted">Starting…</main>
    );
  } else if (state.accounts.length === 0 || active === null) {
    body = <WelcomeScreen onAddAccount={() => setDialog({ kind: "add" })} onStartDemo={accounts.startDemo} />;
  } else {
    body = (
      <>
        <AppHeader
          accounts={state.accounts}
          active={active}
          onSwitch={(id) => void setActive(id)}
          onManage={() => setDialog({ kind: "manage" })}
        />
        {!state.keychain.available && usesKeychain(state.accounts) && (
          <ErrorNotice
            className="keychain-banner"
            error={new AppError("keychain", state.keychain.message ?? KEYCHAIN_FALLBACK)}
          />
        )}
        {accounts.error && (
          <ErrorNotice error={accounts.error} onDismiss={accounts.reload} onRetry={accounts.reload} />
        )}
        <Workspace
          key={`${active.id}`}
          account={active}
          onUpdateKey={() => setDialog({ kind: "key", accountId: active.id })}
          accounts={state.accounts}
          onSwitchAccount={(id) => void setActive(id)}
        />
      </>
    );
  }

  return (
    <div className="app">
      {body}
      {dialog && (
        <AccountsDialog
          mode={dialog}
          state={state}
          onClose={closeDialog}
          onAdd={accounts.add}
          onUpdate={accounts.update}
          onRemove={accounts.remove}
        />
      )}
    </div>
  );
}
