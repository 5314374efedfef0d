// Group commit for chat posts. Every accepted message is one transaction (ban check, slow-mode slot,
// insert), and every commit is an fsync on SQLite (synchronous = FULL) or a round trip plus a WAL
// flush on PostgreSQL. At 100 messages a second those commits queue behind each other and the
// queue, not the work, becomes the latency. Here posts that arrive while a commit is running wait
// for it and then go together in the next transaction: one commit for the batch. A lone post on a
// quiet show still commits at once, with no added wait.
import type { Db, DbExecutor } from '../db'

interface Pending<T> {
  work: (tx: DbExecutor) => Promise<T>
  resolve: (value: T) => void
  reject: (error: unknown) => void
}

/** At most this many posts share one transaction (bounds how long one commit holds the database). */
const MAX_BATCH = 200

export function createGroupCommit(db: Db) {
  let queue: Pending<unknown>[] = []
  let draining = false
  let commits = 0

  async function runBatch(batch: Pending<unknown>[]) {
    commits++
    try {
      const results = await db.transaction(async (tx) => {
        const out: unknown[] = []
        for (const item of batch) out.push(await item.work(tx))
        return out
      })
      batch.forEach((item, i) => item.resolve(results[i]))
    }
    catch (error) {
      // One post's failure rolled back the batch: run each on its own, so only the failing one fails.
      if (batch.length === 1) return batch[0]!.reject(error)
      for (const item of batch) {
        commits++
        await db.transaction(item.work).then(item.resolve, item.reject)
      }
    }
  }

  async function drain() {
    draining = true
    try {
      while (queue.length) {
        const batch = queue.slice(0, MAX_BATCH)
        queue = queue.slice(batch.length)
        await runBatch(batch)
      }
    }
    finally {
      draining = false
    }
  }

  return {
    /** Runs `work` inside a transaction shared with the posts waiting beside it; resolves after the commit. */
    run<T>(work: (tx: DbExecutor) => Promise<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ work, resolve, reject } as Pending<unknown>)
        if (!draining) void drain()
      })
    },
    /** Transactions committed so far (for tests and benchmarks). */
    get commits() {
      return commits
    },
  }
}

let shared: { db: Db, group: ReturnType<typeof createGroupCommit> } | undefined

/** The app's chat group commit over the app database. */
export function useChatGroupCommit(db: Db) {
  if (shared?.db !== db) shared = { db, group: createGroupCommit(db) }
  return shared.group
}
