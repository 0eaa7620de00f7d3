/**
 * Serialising the changes of one thing (an upload, an object key) so that the order in which their records reach
 * the disk is the order in which they take effect in memory: two overwrites of one part can never leave the last
 * one in memory and the other on disk.
 */

/** Runs tasks one after another, each after the previous one settled. */
export class SerialQueue {
  #tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(task);
    this.#tail = result.catch(() => undefined);
    return result;
  }
}

/** A {@link SerialQueue} per key, forgotten once idle. */
export class KeyedQueue {
  readonly #queues = new Map<string, { queue: SerialQueue; pending: number }>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    let entry = this.#queues.get(key);
    if (!entry) {
      entry = { queue: new SerialQueue(), pending: 0 };
      this.#queues.set(key, entry);
    }
    const held = entry;
    held.pending++;
    return held.queue.run(task).finally(() => {
      held.pending--;
      if (held.pending === 0 && this.#queues.get(key) === held) this.#queues.delete(key);
    });
  }
}
