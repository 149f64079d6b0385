import assert from 'node:assert/strict';
import { EventBus, type ServerEvent, type ServerEvents } from '../../../server/events.ts';

const STOPPED: ServerEvents['pool-stopped'] = { time: 1000, pool: 'api', reason: 'Admin' };
const STARTED: ServerEvents['pool-started'] = { time: 2000, pool: 'api', reason: 'admin' };

describe('EventBus', () => {
  describe('when nobody listens', () => {
    it('has no listeners and emits without error', () => {
      const bus = new EventBus();
      assert.equal(bus.hasListeners, false);
      bus.emit('pool-stopped', STOPPED);
    });
  });

  describe('when listeners subscribe', () => {
    it('reports hasListeners from the first subscription until the last one leaves', () => {
      const bus = new EventBus();
      const first = bus.subscribe(() => {});
      const second = bus.subscribe(() => {});
      assert.equal(bus.hasListeners, true);
      first();
      assert.equal(bus.hasListeners, true);
      second();
      assert.equal(bus.hasListeners, false);
    });

    it('delivers the payload with its type to each listener in subscription order', () => {
      const bus = new EventBus();
      const calls: [string, ServerEvent][] = [];
      bus.subscribe((event) => calls.push(['first', event]));
      bus.subscribe((event) => calls.push(['second', event]));
      bus.subscribe((event) => calls.push(['third', event]));
      bus.emit('pool-stopped', STOPPED);
      const expected = { type: 'pool-stopped', time: 1000, pool: 'api', reason: 'Admin' };
      assert.deepEqual(calls, [
        ['first', expected],
        ['second', expected],
        ['third', expected],
      ]);
    });

    it('delivers events in emission order', () => {
      const bus = new EventBus();
      const types: string[] = [];
      bus.subscribe((event) => types.push(`${event.type}@${event.time}`));
      bus.emit('pool-stopped', STOPPED);
      bus.emit('pool-started', STARTED);
      assert.deepEqual(types, ['pool-stopped@1000', 'pool-started@2000']);
    });

    it('gives all listeners of one emit the same event object, separate from the payload', () => {
      const bus = new EventBus();
      const seen: ServerEvent[] = [];
      bus.subscribe((event) => seen.push(event));
      bus.subscribe((event) => seen.push(event));
      bus.emit('pool-stopped', STOPPED);
      assert.equal(seen[0], seen[1]);
      assert.notEqual(seen[0], STOPPED);
      assert.deepEqual(STOPPED, { time: 1000, pool: 'api', reason: 'Admin' });
    });

    it('calls a listener subscribed twice only once per event', () => {
      const bus = new EventBus();
      let calls = 0;
      const listener = (): void => {
        calls++;
      };
      bus.subscribe(listener);
      bus.subscribe(listener);
      bus.emit('pool-stopped', STOPPED);
      assert.equal(calls, 1);
    });
  });

  describe('when a listener unsubscribes', () => {
    it('stops receiving events while the others go on', () => {
      const bus = new EventBus();
      const calls: string[] = [];
      const unsubscribe = bus.subscribe(() => calls.push('leaver'));
      bus.subscribe(() => calls.push('stayer'));
      bus.emit('pool-stopped', STOPPED);
      unsubscribe();
      bus.emit('pool-started', STARTED);
      assert.deepEqual(calls, ['leaver', 'stayer', 'stayer']);
    });

    it('does nothing when called a second time', () => {
      const bus = new EventBus();
      const unsubscribe = bus.subscribe(() => {});
      unsubscribe();
      unsubscribe();
      assert.equal(bus.hasListeners, false);
    });
  });

  describe('when a listener throws', () => {
    it('still delivers to the listeners after it and hands the error to onListenerError', () => {
      const errors: unknown[] = [];
      const bus = new EventBus((error) => errors.push(error));
      const calls: string[] = [];
      const boom = new Error('boom');
      bus.subscribe(() => calls.push('before'));
      bus.subscribe(() => {
        calls.push('thrower');
        throw boom;
      });
      bus.subscribe(() => calls.push('after'));
      bus.emit('pool-stopped', STOPPED);
      assert.deepEqual(calls, ['before', 'thrower', 'after']);
      assert.deepEqual(errors, [boom]);
    });

    it('reports one error per throw and keeps the listener subscribed', () => {
      const errors: unknown[] = [];
      const bus = new EventBus((error) => errors.push(error));
      bus.subscribe((event) => {
        throw new Error(event.type);
      });
      bus.emit('pool-stopped', STOPPED);
      bus.emit('pool-started', STARTED);
      assert.deepEqual(
        errors.map((error) => (error as Error).message),
        ['pool-stopped', 'pool-started'],
      );
      assert.equal(bus.hasListeners, true);
    });

    it('passes a thrown non-Error value through unchanged', () => {
      const errors: unknown[] = [];
      const bus = new EventBus((error) => errors.push(error));
      bus.subscribe(() => {
        // eslint-disable-next-line @typescript-eslint/only-throw-error -- listeners are user code and may throw anything
        throw 'plain string';
      });
      bus.emit('pool-stopped', STOPPED);
      assert.deepEqual(errors, ['plain string']);
    });

    it('swallows the error when no onListenerError is given', () => {
      const bus = new EventBus();
      const calls: string[] = [];
      bus.subscribe(() => {
        throw new Error('boom');
      });
      bus.subscribe(() => calls.push('after'));
      assert.doesNotThrow(() => bus.emit('pool-stopped', STOPPED));
      assert.deepEqual(calls, ['after']);
    });
  });
});
