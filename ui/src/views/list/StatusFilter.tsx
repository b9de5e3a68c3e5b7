// Multi-select of status codes: those present in the loaded calls (live), or seen so far (library).
import { useEffect, useRef, useState } from "react";
import type { StatusOption } from "../../lib/listFilter";

export function StatusFilter({
  options,
  selected,
  onChange,
}: {
  options: StatusOption[];
  selected: string[];
  onChange: (codes: string[]) => void;
}) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => {
      if (root.current && !root.current.contains(e.target as Node)) setOpen(false);
    };
    window.addEventListener("mousedown", close);
    return () => window.removeEventListener("mousedown", close);
  }, [open]);

  const toggle = (code: string) =>
    onChange(selected.includes(code) ? selected.filter((c) => c !== code) : [...selected, code]);

  return (
    <div className="status-filter" ref={root}>
      <button
        type="button"
        className={`btn btn--small ${selected.length > 0 ? "is-on" : ""}`}
        aria-haspopup="true"
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
      >
        Status{selected.length > 0 ? ` (${selected.length})` : ""} ▾
      </button>
      {open && (
        <div className="menu menu--checks" role="group" aria-label="Status filter">
          {options.length === 0 && <span className="muted menu__empty">No calls loaded</span>}
          {options.map((o) => (
            <label key={o.code} className="menu__check">
              <input type="checkbox" checked={selected.includes(o.code)} onChange={() => toggle(o.code)} />
              <span className={`dot dot--${o.category}`} aria-hidden="true" />
              <span className="menu__label">{o.label}</span>
              {o.count !== null && <span className="muted">{o.count}</span>}
            </label>
          ))}
        </div>
      )}
    </div>
  );
}
