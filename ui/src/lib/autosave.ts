// Debounced, serialised saving of a value that the user keeps editing.
//
// - `schedule(v)` remembers `v` as the latest value and (re)starts the debounce timer;
// - when the timer fires, or on `flush()`, the latest value is sent; values scheduled in
//   between are never sent (last value wins);
// - never two saves at once: a save that is asked for while one is in flight waits for it,
//   then sends whatever is latest at that moment (or nothing if it was already sent);
// - `flush()` resolves once everything scheduled before the call has been sent (or failed).

export interface AutosaveHooks<T, R> {
  /** A save is about to be sent. */
  onStart?: (value: T) => void;
  /** A save finished; `superseded` is true when a newer value is already waiting. */
  onResult?: (result: R, value: T, superseded: boolean) => void;
  /** A save failed (the value is not re-sent automatically). */
  onError?: (error: unknown, value: T, superseded: boolean) => void;
}

export interface Autosaver<T> {
  schedule(value: T): void;
  flush(): Promise<void>;
  /** Forgets a value not yet sent (an in-flight save still completes). */
  cancel(): void;
  /** A value is waiting or being sent. */
  readonly busy: boolean;
  /** A value is waiting (not yet sent). */
  readonly pending: boolean;
  dispose(): void;
}

export function createAutosave<T, R>(
  save: (value: T) => Promise<R>,
  delayMs: number,
  hooks: AutosaveHooks<T, R> = {},
): Autosaver<T> {
  let latest: { value: T } | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let chain: Promise<void> = Promise.resolve();
  let inFlight = false;
  let disposed = false;

  function clearTimer() {
    if (timer !== null) {
      clearTimeout(timer);
      timer = null;
    }
  }

  async function sendLatest(): Promise<void> {
    if (latest === null) return;
    const { value } = latest;
    latest = null;
    inFlight = true;
    hooks.onStart?.(value);
    try {
      const result = await save(value);
      hooks.onResult?.(result, value, latest !== null);
    } catch (e) {
      hooks.onError?.(e, value, latest !== null);
    } finally {
      inFlight = false;
    }
  }

  function drain(): Promise<void> {
    chain = chain.then(sendLatest);
    return chain;
  }

  return {
    schedule(value: T) {
      if (disposed) return;
      latest = { value };
      clearTimer();
      timer = setTimeout(() => {
        timer = null;
        void drain();
      }, delayMs);
    },
    flush() {
      clearTimer();
      return drain();
    },
    cancel() {
      clearTimer();
      latest = null;
    },
    get busy() {
      return latest !== null || inFlight;
    },
    get pending() {
      return latest !== null;
    },
    dispose() {
      disposed = true;
      clearTimer();
    },
  };
}

// ---------------------------------------------------------------------------------------
// Pending work of the whole window: what must be sent before locking, closing, switching
// organisation or restoring a backup.

type Flusher = () => Promise<void>;
const flushers = new Set<Flusher>();

/** Registers a flush function; returns its unregistration. */
export function registerFlusher(f: Flusher): () => void {
  flushers.add(f);
  return () => flushers.delete(f);
}

/** Sends every pending edit of the window and waits for the saves to finish. */
export async function flushAll(): Promise<void> {
  await Promise.all([...flushers].map((f) => f().catch(() => undefined)));
}
