import { useEffect, useState } from "react";

/** Copies `value` to the clipboard and shows a short "Copied" tick. */
export function CopyButton(props: { value: string; label: string }) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");

  useEffect(() => {
    if (state === "idle") return;
    const timer = window.setTimeout(() => setState("idle"), 1500);
    return () => window.clearTimeout(timer);
  }, [state]);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(props.value);
      setState("copied");
    } catch {
      // Clipboard access can be refused (no focus, permissions); say so instead of pretending.
      setState("failed");
    }
  };

  return (
    <button
      type="button"
      className={`copy-button copy-button--${state}`}
      onClick={() => void copy()}
      aria-label={`Copy ${props.label}`}
      title={`Copy ${props.label}`}
    >
      {state === "copied" ? "✓ Copied" : state === "failed" ? "Copy failed" : "Copy"}
    </button>
  );
}
