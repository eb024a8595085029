import { useCallback, useEffect, useState, type DependencyList } from 'react';
import { errorMessage } from '../api/client';

export interface Resource<T> {
  data: T | undefined;
  error: string | null;
  /** What `error` was made from (an ApiError names the fields of a 400), while there is one. */
  cause: unknown;
  loading: boolean;
  reload: () => void;
}

/**
 * Loads data when `deps` change and on `reload()`. The last data stays shown while the next
 * load runs; an answer that arrives after a newer request started is dropped.
 */
export function useResource<T>(load: () => Promise<T>, deps: DependencyList): Resource<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<string | null>(null);
  const [cause, setCause] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    let current = true;
    setLoading(true);
    load().then(
      (value) => {
        if (!current) return;
        setData(value);
        setError(null);
        setCause(null);
        setLoading(false);
      },
      (err: unknown) => {
        if (!current) return;
        setError(errorMessage(err));
        setCause(err);
        setLoading(false);
      },
    );
    return () => {
      current = false;
    };
    // `load` is a fresh closure each render; `deps` say when it means something new.
  }, [...deps, version]);

  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { data, error, cause, loading, reload };
}
