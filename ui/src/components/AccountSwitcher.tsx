// The active account in the header, with a menu to switch (also Ctrl/Cmd+1..9) and manage.
import { useEffect, useRef, useState } from "react";
import type { AccountView } from "../ipc/types";
import { RegionBadge } from "./RegionBadge";
import { PLATFORM } from "../lib/platform";

export interface AccountSwitcherProps {
  accounts: AccountView[];
  active: AccountView;
  onSwitch: (id: string) => void;
  onManage: () => void;
}

const isMac = PLATFORM === "macos";

export function AccountSwitcher({ accounts, active, onSwitch, onManage }: AccountSwitcherProps) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => {
      if (root.current && !root.current.contains(e.target as Node)) setOpen(false);
    };
    const esc = (e: KeyboardEvent) => {
      if (e.key === "Escape") setOpen(false);
    };
    window.addEventListener("mousedown", close);
    window.addEventListener("keydown", esc);
    return () => {
      window.removeEventListener("mousedown", close);
      window.removeEventListener("keydown", esc);
    };
  }, [open]);

  return (
    <div className="account-switcher" ref={root}>
      <button
        type="button"
        className="account-switcher__button"
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
        data-testid="account-switcher"
      >
        <span className="account-switcher__name" data-testid="active-account-name">
          {active.name}
        </span>
        <RegionBadge account={active} />
        <span className="account-switcher__caret" aria-hidden="true">
          ▾
        </span>
      </button>
      {open && (
        <div className="menu" role="menu">
          {accounts.map((a, i) => (
            <button
              type="button"
              role="menuitemradio"
              aria-checked={a.id === active.id}
              key={a.id}
              className="menu__item"
              onClick={() => {
                setOpen(false);
                onSwitch(a.id);
              }}
            >
              <span className="menu__swatch" style={{ backgroundColor: a.color }} aria-hidden="true" />
              <span className="menu__label">{a.name}</span>
              <RegionBadge account={a} />
              {i < 9 && <kbd className="menu__kbd">{isMac ? "⌘" : "Ctrl+"}{i + 1}</kbd>}
            </button>
          ))}
          <div className="menu__separator" role="separator" />
          <button
            type="button"
            role="menuitem"
            className="menu__item"
            onClick={() => {
              setOpen(false);
              onManage();
            }}
          >
            Manage accounts…
          </button>
        </div>
      )}
    </div>
  );
}
