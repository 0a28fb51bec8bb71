import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAutosave, flushAll, registerFlusher } from './autosave';

function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('createAutosave', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('sends only the last value after the delay', async () => {
    const save = vi.fn(async (v: number) => v);
    const a = createAutosave(save, 600);
    a.schedule(1);
    a.schedule(2);
    await vi.advanceTimersByTimeAsync(599);
    expect(save).not.toHaveBeenCalled();
    expect(a.pending).toBe(true);
    a.schedule(3);
    await vi.advanceTimersByTimeAsync(600);
    expect(save.mock.calls).toEqual([[3]]);
    expect(a.busy).toBe(false);
  });

  it('flush sends at once, even before the delay', async () => {
    const save = vi.fn(async (v: string) => v);
    const a = createAutosave(save, 600);
    a.schedule('brouillon');
    await a.flush();
    expect(save.mock.calls).toEqual([['brouillon']]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(save).toHaveBeenCalledTimes(1);
  });

  it('never sends two saves at once, and reports superseded results', async () => {
    const first = deferred<string>();
    const calls: string[] = [];
    const results: Array<[string, boolean]> = [];
    const a = createAutosave(
      (v: string) => {
        calls.push(v);
        return v === 'a' ? first.promise : Promise.resolve(v);
      },
      10,
      { onResult: (r, _v, superseded) => results.push([r, superseded]) },
    );
    a.schedule('a');
    await vi.advanceTimersByTimeAsync(10);
    expect(calls).toEqual(['a']);
    a.schedule('b');
    const flushed = a.flush();
    await vi.advanceTimersByTimeAsync(50);
    expect(calls).toEqual(['a']);
    first.resolve('a');
    await flushed;
    expect(calls).toEqual(['a', 'b']);
    expect(results).toEqual([
      ['a', true],
      ['b', false],
    ]);
  });

  it('reports errors and carries on', async () => {
    const onError = vi.fn();
    const a = createAutosave(async (v: number) => {
      if (v === 1) throw new Error('disque plein');
      return v;
    }, 5, { onError });
    a.schedule(1);
    await a.flush();
    expect(onError).toHaveBeenCalledOnce();
    a.schedule(2);
    await a.flush();
    expect(onError).toHaveBeenCalledOnce();
  });

  it('cancel forgets the waiting value', async () => {
    const save = vi.fn(async (v: number) => v);
    const a = createAutosave(save, 5);
    a.schedule(1);
    a.cancel();
    await a.flush();
    expect(save).not.toHaveBeenCalled();
  });

  it('flushAll sends what every registered saver holds', async () => {
    const save = vi.fn(async (v: number) => v);
    const a = createAutosave(save, 10_000);
    const unregister = registerFlusher(() => a.flush());
    a.schedule(42);
    await flushAll();
    expect(save.mock.calls).toEqual([[42]]);
    unregister();
  });
});
