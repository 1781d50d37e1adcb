import { useCallback, useRef, useState } from 'react';

/**
 * A Refresh button's clicks, for the cards that show MLflow data: put `refreshes` in a fetch's
 * dependencies so a click fetches again, and `refresh` on the button.
 */
export function useRefresh() {
  const [refreshes, setRefreshes] = useState(0);
  const refresh = useCallback(() => setRefreshes(n => n + 1), []);
  return { refreshes, refresh };
}

/**
 * Whether a fetch follows a Refresh click: the returned function answers true once per click
 * (for the first fetch after it) and false for fetches caused by anything else (the first load,
 * a new filter or page), which may take the backend's few-seconds-old copy. One per fetch.
 */
export function useFollowsRefresh(refreshes: number): () => boolean {
  // A component mounted after some clicks starts at their count: its first load is not fresh.
  const seen = useRef(refreshes);
  return () => {
    const follows = refreshes > seen.current;
    seen.current = refreshes;
    return follows;
  };
}
