// One account in the accounts dialog: rename, change key, remove (with confirmation).
import { useState, type FormEvent } from "react";
import { ErrorNotice } from "../../components/ErrorNotice";
import { RegionBadge } from "../../components/RegionBadge";
import { type AppError, toAppError } from "../../ipc/core";
import type { AccountView } from "../../ipc/types";

export type RowMode = "view" | "rename" | "key" | "remove";

export interface AccountRowProps {
  account: AccountView;
  active: boolean;
  initialMode?: RowMode;
  onUpdate: (id: string, changes: { name?: string; apiKey?: string }) => Promise<void>;
  onRemove: (id: string) => Promise<void>;
}

const SOURCE_NOTE: Record<AccountView["source"], string | null> = {
  saved: null,
  environment: "from the environment",
  demo: "demo, this session only",
};

export function AccountRow({ account, active, initialMode = "view", onUpdate, onRemove }: AccountRowProps) {
  const [mode, setMode] = useState<RowMode>(initialMode);
  const [name, setName] = useState(account.name);
  const [apiKey, setApiKey] = useState("");
  const [busy, setBusy] = useState(false);
  const [inlineError, setInlineError] = useState<string | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const editable = account.source === "saved";

  const run = (p: () => Promise<void>, after: () => void) => {
    setBusy(true);
    setInlineError(null);
    setError(null);
    p().then(
      () => {
        setBusy(false);
        after();
      },
      (raw: unknown) => {
        setBusy(false);
        const err = toAppError(raw);
        if (err.kind === "auth" || err.kind === "invalid_input") setInlineError(err.message);
        else setError(err);
      },
    );
  };

  const submitRename = (e: FormEvent) => {
    e.preventDefault();
    if (name.trim() === "") return setInlineError("Enter a name for the account.");
    run(() => onUpdate(account.id, { name: name.trim() }), () => setMode("view"));
  };
  const submitKey = (e: FormEvent) => {
    e.preventDefault();
    if (apiKey.trim() === "") return setInlineError("Enter the new API key.");
    run(
      () => onUpdate(account.id, { apiKey: apiKey.trim() }),
      () => {
        setApiKey("");
        setMode("view");
      },
    );
  };

  return (
    <li className={`account-row ${active ? "is-active" : ""}`} data-account-id={account.id}>
      <span className="account-row__swatch" style={{ backgroundColor: account.color }} aria-hidden="true" />
      <div className="account-row__main">
        <div className="account-row__title">
          <strong>{account.name}</strong>
          <RegionBadge account={account} />
          {active && <span className="tag">Active</span>}
        </div>
        <div className="account-row__meta">
          <span>{account.base_url}</span>
          <span>key {account.key_hint}</span>
          <span>{account.key_storage === "keychain" ? "in keychain" : "in memory"}</span>
          {SOURCE_NOTE[account.source] && <span>{SOURCE_NOTE[account.source]}</span>}
        </div>

        {mode === "rename" && (
          <form className="inline-form" onSubmit={submitRename} aria-label="Rename account">
            <input value={name} onChange={(e) => setName(e.target.value)} aria-label="New name" autoFocus />
            <button type="submit" className="btn btn--primary" disabled={busy}>
              Save
            </button>
            <button type="button" className="btn" onClick={() => setMode("view")}>
              Cancel
            </button>
          </form>
        )}
        {mode === "key" && (
          <form className="inline-form" onSubmit={submitKey} aria-label="Change API key">
            <input
              type="password"
              value={apiKey}
              onChange={(e) => setApiKey(e.target.value)}
              aria-label="New API key"
              autoComplete="off"
              autoFocus
            />
            <button type="submit" className="btn btn--primary" disabled={busy}>
              {busy ? "Checking…" : "Save key"}
            </button>
            <button type="button" className="btn" onClick={() => setMode("view")}>
              Cancel
            </button>
          </form>
        )}
        {mode === "remove" && (
          <div className="inline-form inline-form--danger" role="group" aria-label="Confirm removal">
            <span>Remove “{account.name}”? Its key is deleted from the keychain.</span>
            <button
              type="button"
              className="btn btn--danger"
              disabled={busy}
              onClick={() => run(() => onRemove(account.id), () => setMode("view"))}
            >
              Remove
            </button>
            <button type="button" className="btn" onClick={() => setMode("view")}>
              Cancel
            </button>
          </div>
        )}
        {inlineError && (
          <span className="form__error" role="alert">
            {inlineError}
          </span>
        )}
        {error && <ErrorNotice error={error} onDismiss={() => setError(null)} />}
      </div>
      {mode === "view" && (
        <div className="account-row__actions">
          {editable && (
            <>
              <button type="button" className="btn btn--small" onClick={() => setMode("rename")}>
                Rename
              </button>
              <button type="button" className="btn btn--small" onClick={() => setMode("key")}>
                Change key
              </button>
            </>
          )}
          <button type="button" className="btn btn--small btn--ghost-danger" onClick={() => setMode("remove")}>
            Remove
          </button>
        </div>
      )}
    </li>
  );
}
