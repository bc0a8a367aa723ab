import { useCallback, useEffect, useRef, useState } from 'react';
import { apiGet, type QueryParams } from '../api/client';

export interface Resource<T> {
  data: T | null;
  error: Error | null;
  loading: boolean;
  reload: () => void;
}

/** GETs `path` with `params` whenever either changes (null path: nothing to load). Stale answers are dropped. */
export function useApiResource<T>(path: string | null, params?: QueryParams): Resource<T> {
  const key = path === null ? null : `${path}?${JSON.stringify(params ?? {})}`;
  const [state, setState] = useState<{ key: string | null; data: T | null; error: Error | null }>({
    key: null,
    data: null,
    error: null,
  });
  const [generation, setGeneration] = useState(0);
  const latest = useRef(0);
  const paramsRef = useRef(params);
  paramsRef.current = params;

  useEffect(() => {
    if (path === null || key === null) return;
    const request = ++latest.current;
    apiGet<T>(path, paramsRef.current).then(
      (data) => {
        if (request === latest.current) setState({ key, data, error: null });
      },
      (error: unknown) => {
        if (request === latest.current) setState({ key, data: null, error: error as Error });
      },
    );
  }, [path, key, generation]);

  const reload = useCallback(() => {
    setState((s) => ({ ...s, key: null }));
    setGeneration((g) => g + 1);
  }, []);
  const current = state.key === key;
  return {
    data: current ? state.data : null,
    error: current ? state.error : null,
    loading: key !== null && !current,
    reload,
  };
}
