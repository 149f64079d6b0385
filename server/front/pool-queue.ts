/**
 * The bounded FIFO of one pool (HTTP.sys's per-pool kernel queue). Entries are linked intrusively so a
 * request whose client went away leaves from the middle in O(1).
 *
 * Accounting invariant: `length` counts linked entries only. Admission checks the limit; a replay of an
 * accepted request goes to the head without a check, because nothing accepted is ever turned away.
 */

/** What the queue needs on an entry: two links it owns. */
export interface QueueEntry<T> {
  queuePrev: T | null;
  queueNext: T | null;
  isQueued: boolean;
}

export class PoolQueue<T extends QueueEntry<T>> {
  #head: T | null = null;
  #tail: T | null = null;
  #length = 0;
  #limit: number;

  constructor(limit: number) {
    this.#limit = limit;
  }

  get length(): number {
    return this.#length;
  }

  get limit(): number {
    return this.#limit;
  }

  /** True when a new request would exceed queueLength. */
  get isFull(): boolean {
    return this.#length >= this.#limit;
  }

  /** Appends a newly accepted entry; the caller has checked {@link isFull}. */
  push(entry: T): void {
    entry.queuePrev = this.#tail;
    entry.queueNext = null;
    if (this.#tail === null) this.#head = entry;
    else this.#tail.queueNext = entry;
    this.#tail = entry;
    entry.isQueued = true;
    this.#length++;
  }

  /** Puts an entry back at the head (a replay goes before requests that arrived after it). */
  unshift(entry: T): void {
    entry.queuePrev = null;
    entry.queueNext = this.#head;
    if (this.#head === null) this.#tail = entry;
    else this.#head.queuePrev = entry;
    this.#head = entry;
    entry.isQueued = true;
    this.#length++;
  }

  /** Takes the oldest entry, or null when empty. */
  shift(): T | null {
    const entry = this.#head;
    if (entry !== null) this.remove(entry);
    return entry;
  }

  /** The oldest entry without taking it. */
  peek(): T | null {
    return this.#head;
  }

  /** Unlinks an entry from anywhere in the queue; no-op when it is not queued. */
  remove(entry: T): void {
    if (!entry.isQueued) return;
    if (entry.queuePrev === null) this.#head = entry.queueNext;
    else entry.queuePrev.queueNext = entry.queueNext;
    if (entry.queueNext === null) this.#tail = entry.queuePrev;
    else entry.queueNext.queuePrev = entry.queuePrev;
    entry.queuePrev = null;
    entry.queueNext = null;
    entry.isQueued = false;
    this.#length--;
  }

  /** Removes and returns every entry, oldest first. */
  drain(): T[] {
    const entries: T[] = [];
    for (let entry = this.shift(); entry !== null; entry = this.shift()) entries.push(entry);
    return entries;
  }
}
