import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GroupCommit } from './group-commit.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('GroupCommit', () => {
  it('writes what arrives together in one batch, and what arrives during a write in the next', async () => {
    const batches: number[][] = [];
    let release: () => void = () => {};
    const queue = new GroupCommit<number, number>(
      async (items) => {
        batches.push(items);
        if (batches.length === 1) await new Promise<void>((resolve) => (release = resolve));
        return items.map((i) => i * 10);
      },
      { delayMs: 1 },
    );
    const first = [1, 2, 3].map((i) => queue.submit(i));
    await tick();
    const second = [4, 5].map((i) => queue.submit(i)); // while the first batch is being written
    await tick();
    assert.deepEqual(batches, [[1, 2, 3]], 'nothing else runs while a batch is written');
    release();
    assert.deepEqual(await Promise.all([...first, ...second]), [10, 20, 30, 40, 50]);
    assert.deepEqual(batches, [[1, 2, 3], [4, 5]]);
    assert.deepEqual(queue.stats, { batches: 2, items: 5 });
  });

  it('with inFlight 2, hands the writer a second batch while the first is written, and a third only when one is answered', async () => {
    const batches: number[][] = [];
    const releases: Array<() => void> = [];
    const queue = new GroupCommit<number, number>(
      async (items) => {
        batches.push(items);
        await new Promise<void>((resolve) => releases.push(resolve));
        return items.map((i) => i * 10);
      },
      { delayMs: 1, inFlight: 2 },
    );
    const first = queue.submit(1);
    await tick();
    const second = queue.submit(2);
    await tick();
    const third = [3, 4].map((i) => queue.submit(i));
    await tick();
    assert.deepEqual(batches, [[1], [2]]);
    releases[0]!();
    assert.equal(await first, 10);
    await tick();
    assert.deepEqual(batches, [[1], [2], [3, 4]]);
    releases[1]!();
    releases[2]!();
    assert.deepEqual(await Promise.all([second, ...third]), [20, 30, 40]);
    await queue.close();
  });

  it('answers nobody before their batch is written', async () => {
    let written = false;
    const queue = new GroupCommit<number, boolean>(async (items) => {
      await tick();
      written = true;
      return items.map(() => written);
    });
    assert.equal(await queue.submit(1), true);
  });

  it('writes at once when the weight waiting reaches the limit, and never puts more in a batch', async () => {
    const batches: number[][] = [];
    const queue = new GroupCommit<number, number>(async (items) => (batches.push(items), items), { delayMs: 60_000, maxWeight: 10 });
    const pending = [queue.submit(1, 4), queue.submit(2, 4), queue.submit(3, 4)];
    // without waiting out the minute
    assert.deepEqual(await Promise.all(pending.slice(0, 2)), [1, 2]);
    assert.deepEqual(batches, [[1, 2]]);
    await queue.close();
    assert.equal(await pending[2], 3);
    assert.deepEqual(batches, [[1, 2], [3]]);
  });

  it('a failed batch is written again item by item: only the bad item fails', async () => {
    const queue = new GroupCommit<number, number>(async (items) => {
      if (items.includes(13)) throw new Error('13 cannot be written');
      return items;
    });
    const results = await Promise.allSettled([queue.submit(1), queue.submit(13), queue.submit(2)]);
    assert.deepEqual(
      results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message)),
      [1, '13 cannot be written', 2],
    );
  });

  it('close() writes what is waiting, then refuses new items', async () => {
    const written: number[] = [];
    const queue = new GroupCommit<number, number>(async (items) => (written.push(...items), items), { delayMs: 10_000 });
    const pending = queue.submit(7);
    await queue.close();
    assert.equal(await pending, 7);
    assert.deepEqual(written, [7]);
    await assert.rejects(queue.submit(8), /closed/);
  });
});
