// One library question's answer for the current inputs: asked again when `key` changes, an
// answer to an older key dropped, the previous answer kept on screen until the new one lands.
import { useEffect, useRef, useState } from "react";
import { toAppError, type AppError } from "../../ipc/core";

export interface Answer<T> {
  value: T | null;
  loading: boolean;
  error: AppError | null;
  retry: () => void;
}

export function useAnswer<T>(key: string, ask: () => Promise<T>): Answer<T> {
  const [value, setValue] = useState<T | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<AppError | null>(null);
  const [attempt, setAttempt] = useState(0);
  const askRef = useRef(ask);
  askRef.current = ask;

  useEffect(() => {
    let live = true;
    setLoading(true);
    askRef.current().then(
      (v) => {
        if (!live) return;
        setValue(v);
        setError(null);
        setLoading(false);
      },
      (e: unknown) => {
        if (!live) return;
        setError(toAppError(e));
        setLoading(false);
      },
    );
    return () => {
      live = false;
    };
  }, [key, attempt]);

  return { value, loading, error, retry: () => setAttempt((a) => a + 1) };
}
