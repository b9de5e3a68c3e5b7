// Add an account: name, region (Global / India / custom URL) and the API key. The key is checked
// by the Rust side before anything is stored; a rejection keeps the form as typed.
import { useState, type FormEvent } from "react";
import { ErrorNotice } from "../../components/ErrorNotice";
import { type AppError, toAppError } from "../../ipc/core";
import type { Region } from "../../ipc/types";

type RegionChoice = Region["kind"];

export interface AddAccountFormProps {
  onSubmit: (name: string, region: Region, apiKey: string) => Promise<void>;
  onCancel?: () => void;
}

/** Returns the region, or a message for the user when the custom URL is unusable. */
export function regionFromForm(choice: RegionChoice, customUrl: string): Region | string {
  if (choice === "global") return { kind: "global" };
  if (choice === "india") return { kind: "india" };
  const url = customUrl.trim();
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== "https:" && parsed.protocol !== "http:") return "The base URL must start with https://.";
    return { kind: "custom", base_url: url.replace(/\/+$/, "") };
  } catch {
    return "Enter a full base URL, e.g. https://voice.example.com.";
  }
}

export function AddAccountForm({ onSubmit, onCancel }: AddAccountFormProps) {
  const [name, setName] = useState("");
  const [regionChoice, setRegionChoice] = useState<RegionChoice>("global");
  const [customUrl, setCustomUrl] = useState("");
  const [apiKey, setApiKey] = useState("");
  const [busy, setBusy] = useState(false);
  const [fieldError, setFieldError] = useState<{ field: "name" | "url" | "key" | "form"; message: string } | null>(null);
  const [error, setError] = useState<AppError | null>(null);

  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    setError(null);
    setFieldError(null);
    if (name.trim() === "") return setFieldError({ field: "name", message: "Enter a name for the account." });
    const region = regionFromForm(regionChoice, customUrl);
    if (typeof region === "string") return setFieldError({ field: "url", message: region });
    if (apiKey.trim() === "") return setFieldError({ field: "key", message: "Enter the API key." });
    setBusy(true);
    onSubmit(name.trim(), region, apiKey.trim()).then(
      () => setBusy(false),
      (raw: unknown) => {
        setBusy(false);
        const err = toAppError(raw);
        // A wrong key or bad input belongs next to the fields; anything else gets its action.
        if (err.kind === "auth") setFieldError({ field: "key", message: err.message });
        else if (err.kind === "invalid_input") setFieldError({ field: "form", message: err.message });
        else setError(err);
      },
    );
  };

  return (
    <form className="form" onSubmit={submit} aria-label="Add account" noValidate>
      <label className="form__field">
        <span>Name</span>
        <input
          name="name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          placeholder="e.g. Support team"
          autoComplete="off"
          aria-invalid={fieldError?.field === "name"}
        />
        {fieldError?.field === "name" && <span className="form__error">{fieldError.message}</span>}
      </label>
      <fieldset className="form__field">
        <legend>Region</legend>
        <div className="form__radios">
          {(
            [
              ["global", "Global"],
              ["india", "India"],
              ["custom", "Custom URL"],
            ] as const
          ).map(([value, label]) => (
            <label key={value} className="form__radio">
              <input
                type="radio"
                name="region"
                value={value}
                checked={regionChoice === value}
                onChange={() => setRegionChoice(value)}
              />
              {label}
            </label>
          ))}
        </div>
        {regionChoice === "custom" && (
          <input
            name="base_url"
            value={customUrl}
            onChange={(e) => setCustomUrl(e.target.value)}
            placeholder="https://voice.example.com"
            aria-label="Base URL"
            aria-invalid={fieldError?.field === "url"}
          />
        )}
        {fieldError?.field === "url" && <span className="form__error">{fieldError.message}</span>}
      </fieldset>
      <label className="form__field">
        <span>API key</span>
        <input
          name="api_key"
          type="password"
          value={apiKey}
          onChange={(e) => setApiKey(e.target.value)}
          autoComplete="off"
          spellCheck={false}
          aria-invalid={fieldError?.field === "key"}
        />
        {fieldError?.field === "key" && (
          <span className="form__error" role="alert" data-testid="key-error">
            {fieldError.message}
          </span>
        )}
      </label>
      {fieldError?.field === "form" && (
        <p className="form__error" role="alert">
          {fieldError.message}
        </p>
      )}
      {error && <ErrorNotice error={error} onRetry={() => submit()} />}
      <div className="form__actions">
        {onCancel && (
          <button type="button" className="btn" onClick={onCancel}>
            Cancel
          </button>
        )}
        <button type="submit" className="btn btn--primary" disabled={busy}>
          {busy ? "Checking key…" : "Add account"}
        </button>
      </div>
    </form>
  );
}
