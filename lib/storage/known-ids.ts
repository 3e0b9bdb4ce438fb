/**
 * The message ids one account holds, stored rows and tombstones alike, kept in memory by the
 * one writer (the worker) so a pushed message can be told new without a database round trip
 * (docs/architecture.md §2, §6). Only the bound account's ids are held: 20 000 at most (the
 * store's cap), well under a megabyte.
 *
 * The answer is three-valued: `false` (new) only when the ids are loaded for that account;
 * `undefined` (cannot tell) before that, and then the caller takes the safe path (store
 * first). An id wrongly held costs only that safe path; an id wrongly missing would notify a
 * stored message again, so every write that adds ids reports them (`add`), and ids reported
 * while the load reads the database are applied on top of what it read.
 */
export function createKnownIds(read: (account: number) => Promise<Iterable<number>>) {
  let account: number | null = null;
  let ids: Set<number> | null = null;
  /** Changes reported while loading, applied in order once the read is in. */
  let journal: { add: boolean; mids: number[] }[] = [];
  let loading: Promise<void> | null = null;
  let generation = 0;

  function apply(add: boolean, target: number, mids: Iterable<number>) {
    if (target !== account) return;
    if (ids) {
      for (const mid of mids) {
        if (add) ids.add(mid);
        else ids.delete(mid);
      }
    } else if (loading) {
      journal.push({ add, mids: [...mids] });
    }
  }

  function load(target: number): Promise<void> {
    if (account === target && (ids || loading)) return loading ?? Promise.resolve();
    const mine = ++generation;
    account = target;
    ids = null;
    journal = [];
    loading = read(target).then(
      (found) => {
        if (mine !== generation) return;
        const set = new Set(found);
        for (const change of journal)
          for (const mid of change.mids) {
            if (change.add) set.add(mid);
            else set.delete(mid);
          }
        ids = set;
        journal = [];
        loading = null;
      },
      () => {
        // Unreadable: nothing is known, so every decision takes the safe path until the next load.
        if (mine !== generation) return;
        account = null;
        journal = [];
        loading = null;
      },
    );
    return loading;
  }

  return {
    /**
     * Whether `mid` is held by `target`: true or false once that account's ids are loaded,
     * undefined before (and a load of them is started).
     */
    has(target: number, mid: number): boolean | undefined {
      if (account === target && ids) return ids.has(mid);
      void load(target);
      return undefined;
    },

    /** Loads the ids of `target` (dropping another account's); settles when they are in. */
    load,
    /**
     * The load of `target`'s ids under way, if one is (else null): a write that waits for it
     * decides from memory instead of looking every id up, and would queue behind that load's
     * read of the same stores anyway.
     */
    pending(target: number): Promise<void> | null {
      return account === target ? loading : null;
    },
    /** Forgets what is held of `target` and reads it again (memory found out of step). */
    reload(target: number): Promise<void> {
      if (account === target) {
        generation++;
        account = null;
        ids = null;
        journal = [];
        loading = null;
      }
      return load(target);
    },

    /** Ids a committed write gave `target` (new rows, tombstones). */
    add(target: number, mids: Iterable<number>): void {
      apply(true, target, mids);
    },

    /** Ids `target` no longer holds (pruned rows, forgotten tombstones). */
    remove(target: number, mids: Iterable<number>): void {
      apply(false, target, mids);
    },

    /** How many ids are held (0 while not loaded). */
    size: (): number => ids?.size ?? 0,
  };
}

export type KnownIds = ReturnType<typeof createKnownIds>;
