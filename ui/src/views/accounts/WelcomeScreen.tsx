// First run: no accounts yet. Offer to add one or to explore the local demo.
import { useState } from "react";
import { ErrorNotice } from "../../components/ErrorNotice";
import { type AppError, toAppError } from "../../ipc/core";

export interface WelcomeScreenProps {
  onAddAccount: () => void;
  onStartDemo: () => Promise<void>;
}

export function WelcomeScreen({ onAddAccount, onStartDemo }: WelcomeScreenProps) {
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<AppError | null>(null);

  const demo = () => {
    setStarting(true);
    setError(null);
    onStartDemo().then(
      () => setStarting(false),
      (e: unknown) => {
        setStarting(false);
        setError(toAppError(e));
      },
    );
  };

  return (
    <main className="welcome">
      <div className="welcome__card">
        <h1>Welcome to Formant Desk</h1>
        <p>
          Review the calls made through the FormantAI Voice API: browse conversations, read transcripts and
          results, listen to recordings and export transcripts.
        </p>
        <div className="welcome__actions">
          <button type="button" className="btn btn--primary btn--large" onClick={onAddAccount}>
            Add account
          </button>
          <button type="button" className="btn btn--large" onClick={demo} disabled={starting}>
            {starting ? "Starting the demo…" : "Explore the demo"}
          </button>
        </div>
        <p className="welcome__hint">
          The demo runs a local sandbox with sample calls; no account or network is needed. API keys you add are
          stored in the system keychain.
        </p>
        {error && <ErrorNotice error={error} onRetry={demo} />}
      </div>
    </main>
  );
}
