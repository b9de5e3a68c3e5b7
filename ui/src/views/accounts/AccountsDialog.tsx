// The accounts dialog: the list of accounts with their actions, and the form to add one.
import { useEffect, useRef } from "react";
import type { AccountsState, Region } from "../../ipc/types";
import { AccountRow } from "./AccountRow";
import { AddAccountForm } from "./AddAccountForm";

export type AccountsDialogMode = { kind: "add" } | { kind: "manage" } | { kind: "key"; accountId: string };

export interface AccountsDialogProps {
  mode: AccountsDialogMode;
  state: AccountsState | null;
  onClose: () => void;
  onAdd: (name: string, region: Region, apiKey: string) => Promise<void>;
  onUpdate: (id: string, changes: { name?: string; apiKey?: string }) => Promise<void>;
  onRemove: (id: string) => Promise<void>;
}

export function AccountsDialog({ mode, state, onClose, onAdd, onUpdate, onRemove }: AccountsDialogProps) {
  const panel = useRef<HTMLDivElement>(null);
  const accounts = state?.accounts ?? [];

  useEffect(() => {
    const esc = (e: KeyboardEvent) => {
      if (e.key === "Escape") onClose();
    };
    window.addEventListener("keydown", esc);
    // Keep a field that focused itself (e.g. the key form opened by "Update key").
    const el = panel.current;
    if (el && !el.contains(document.activeElement)) {
      (el.querySelector<HTMLElement>("input") ?? el.querySelector<HTMLElement>("button"))?.focus();
    }
    return () => window.removeEventListener("keydown", esc);
  }, [onClose]);

  return (
    <div className="dialog-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="dialog" role="dialog" aria-modal="true" aria-labelledby="accounts-title" ref={panel}>
        <div className="dialog__header">
          <h2 id="accounts-title">{mode.kind === "add" && accounts.length === 0 ? "Add an account" : "Accounts"}</h2>
          <button type="button" className="btn btn--ghost" onClick={onClose} aria-label="Close">
            ✕
          </button>
        </div>
        {accounts.length > 0 && mode.kind !== "add" && (
          <ul className="account-list">
            {accounts.map((a) => (
              <AccountRow
                key={a.id}
                account={a}
                active={a.id === state?.active_id}
                initialMode={mode.kind === "key" && mode.accountId === a.id ? "key" : "view"}
                onUpdate={onUpdate}
                onRemove={onRemove}
              />
            ))}
          </ul>
        )}
        <section className="dialog__section">
          {mode.kind !== "add" && <h3>Add an account</h3>}
          <AddAccountForm
            onSubmit={async (name, region, key) => {
              await onAdd(name, region, key);
              onClose();
            }}
            onCancel={onClose}
          />
        </section>
      </div>
    </div>
  );
}
