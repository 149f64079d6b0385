import assert from 'node:assert/strict';
import { PoolQueue, type QueueEntry } from '../../../../server/front/pool-queue.ts';

interface Item extends QueueEntry<Item> {
  readonly name: string;
}

function item(name: string): Item {
  return { name, queuePrev: null, queueNext: null, isQueued: false };
}

/** Names front to back by the forward links, after checking every backward link matches. */
function names(queue: PoolQueue<Item>): string[] {
  const result: string[] = [];
  let previous: Item | null = null;
  for (let entry = queue.peek(); entry !== null; entry = entry.queueNext) {
    assert.equal(entry.queuePrev, previous, `backward link of ${entry.name}`);
    assert.equal(entry.isQueued, true, `isQueued of ${entry.name}`);
    result.push(entry.name);
    previous = entry;
  }
  assert.equal(result.length, queue.length, 'length matches the linked entries');
  return result;
}

function unlinked(entry: Item): boolean {
  return entry.queuePrev === null && entry.queueNext === null && !entry.isQueued;
}

/** A queue holding a, b, c in that order. */
function abc(limit = 10): { queue: PoolQueue<Item>; a: Item; b: Item; c: Item } {
  const queue = new PoolQueue<Item>(limit);
  const [a, b, c] = [item('a'), item('b'), item('c')];
  queue.push(a);
  queue.push(b);
  queue.push(c);
  return { queue, a, b, c };
}

describe('PoolQueue', () => {
  describe('when new', () => {
    it('is empty, not full, and reports its limit', () => {
      const queue = new PoolQueue<Item>(3);
      assert.deepEqual([queue.length, queue.limit, queue.isFull, queue.peek(), queue.shift()], [0, 3, false, null, null]);
    });
  });

  describe('when entries are pushed and shifted', () => {
    it('hands them out first in, first out', () => {
      const { queue, a, b, c } = abc();
      assert.deepEqual(names(queue), ['a', 'b', 'c']);
      assert.deepEqual([queue.shift(), queue.shift(), queue.shift(), queue.shift()], [a, b, c, null]);
      assert.equal(queue.length, 0);
    });

    it('unlinks each shifted entry', () => {
      const { queue, a } = abc();
      queue.shift();
      assert.equal(unlinked(a), true);
      assert.deepEqual(names(queue), ['b', 'c']);
    });

    it('peeks at the oldest entry without taking it', () => {
      const { queue, a } = abc();
      assert.equal(queue.peek(), a);
      assert.equal(queue.length, 3);
    });

    it('accepts pushes again after being emptied', () => {
      const { queue } = abc();
      queue.drain();
      const d = item('d');
      queue.push(d);
      assert.deepEqual(names(queue), ['d']);
      assert.equal(queue.shift(), d);
    });
  });

  describe('when an entry is put back with unshift', () => {
    it('puts it before every other entry', () => {
      const { queue, a } = abc();
      queue.shift();
      queue.unshift(a);
      assert.deepEqual(names(queue), ['a', 'b', 'c']);
    });

    it('makes it head and tail of an empty queue, so a later push goes after it', () => {
      const queue = new PoolQueue<Item>(10);
      const [r, n] = [item('replay'), item('new')];
      queue.unshift(r);
      queue.push(n);
      assert.deepEqual(names(queue), ['replay', 'new']);
    });

    it('accepts a replay even when the queue is full', () => {
      const { queue } = abc(3);
      assert.equal(queue.isFull, true);
      queue.unshift(item('replay'));
      assert.deepEqual(names(queue), ['replay', 'a', 'b', 'c']);
      assert.equal(queue.length, 4);
    });
  });

  describe('when an entry is removed', () => {
    it('removes the head', () => {
      const { queue, a } = abc();
      queue.remove(a);
      assert.deepEqual(names(queue), ['b', 'c']);
      assert.equal(unlinked(a), true);
    });

    it('removes an entry from the middle', () => {
      const { queue, b } = abc();
      queue.remove(b);
      assert.deepEqual(names(queue), ['a', 'c']);
      assert.equal(unlinked(b), true);
    });

    it('removes the tail, so a later push links after the new tail', () => {
      const { queue, c } = abc();
      queue.remove(c);
      assert.deepEqual(names(queue), ['a', 'b']);
      assert.equal(unlinked(c), true);
      queue.push(item('d'));
      assert.deepEqual(names(queue), ['a', 'b', 'd']);
    });

    it('removes the only entry and leaves an empty queue', () => {
      const queue = new PoolQueue<Item>(10);
      const only = item('only');
      queue.push(only);
      queue.remove(only);
      assert.deepEqual([queue.length, queue.peek(), queue.shift()], [0, null, null]);
      queue.push(item('next'));
      assert.deepEqual(names(queue), ['next']);
    });

    it('does nothing for an entry that was never queued', () => {
      const { queue } = abc();
      const stranger = item('stranger');
      queue.remove(stranger);
      assert.deepEqual(names(queue), ['a', 'b', 'c']);
      assert.equal(unlinked(stranger), true);
    });

    it('does nothing when the entry was already removed', () => {
      const { queue, b } = abc();
      queue.remove(b);
      queue.remove(b);
      assert.deepEqual(names(queue), ['a', 'c']);
      assert.equal(queue.length, 2);
    });
  });

  describe('when checking the limit', () => {
    it('is not full one below queueLength and full at it', () => {
      const queue = new PoolQueue<Item>(2);
      queue.push(item('a'));
      assert.equal(queue.isFull, false);
      queue.push(item('b'));
      assert.equal(queue.isFull, true);
    });

    it('is no longer full once an entry leaves', () => {
      const { queue, b } = abc(3);
      queue.remove(b);
      assert.equal(queue.isFull, false);
    });
  });

  describe('when drained', () => {
    it('returns every entry oldest first and leaves the queue empty', () => {
      const { queue, a, b, c } = abc();
      assert.deepEqual(queue.drain(), [a, b, c]);
      assert.deepEqual([queue.length, queue.peek()], [0, null]);
      assert.deepEqual([unlinked(a), unlinked(b), unlinked(c)], [true, true, true]);
    });

    it('returns an empty list for an empty queue', () => {
      assert.deepEqual(new PoolQueue<Item>(1).drain(), []);
    });
  });

  describe('over a mixed sequence of operations', () => {
    it('keeps length equal to the linked entries after each step', () => {
      const queue = new PoolQueue<Item>(100);
      const entries = Array.from({ length: 8 }, (_, i) => item(`e${i}`));
      const steps: [string, number][] = [];
      for (const entry of entries) queue.push(entry);
      steps.push(['push x8', queue.length]);
      queue.remove(entries[3]!);
      queue.remove(entries[0]!);
      queue.remove(entries[7]!);
      steps.push(['remove 3', queue.length]);
      queue.unshift(entries[0]!);
      steps.push(['unshift', queue.length]);
      queue.shift();
      queue.shift();
      steps.push(['shift 2', queue.length]);
      assert.deepEqual(names(queue), ['e2', 'e4', 'e5', 'e6']);
      assert.deepEqual(steps, [
        ['push x8', 8],
        ['remove 3', 5],
        ['unshift', 6],
        ['shift 2', 4],
      ]);
    });
  });
});
