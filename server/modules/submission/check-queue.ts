import type { Logger } from 'pino';

/**
 * Runs submission checks in the background inside the server: a small in-process queue with a
 * concurrency cap. Submissions whose checks were queued or running when a process stopped are
 * queued again at start (`SubmissionService.recover`), so a crash delays checks but never loses them.
 */
export class CheckQueue {
  private readonly waiting: string[] = [];
  private readonly running = new Set<Promise<void>>();
  private idleWaiters: (() => void)[] = [];
  private closed = false;

  constructor(
    private readonly run: (id: string) => Promise<void>,
    private readonly concurrency: number,
    private readonly log: Logger,
  ) {}

  enqueue(id: string): void {
    if (this.closed || this.waiting.includes(id)) return;
    this.waiting.push(id);
    this.pump();
  }

  /** Resolves when nothing is queued or running (tests and shutdown wait on it). */
  idle(): Promise<void> {
    if (this.waiting.length === 0 && this.running.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Takes no new work and waits for the checks under way. */
  async close(): Promise<void> {
    this.closed = true;
    this.waiting.length = 0;
    await Promise.allSettled([...this.running]);
  }

  private pump(): void {
    while (!this.closed && this.running.size < this.concurrency && this.waiting.length > 0) {
      const id = this.waiting.shift()!;
      const job = this.run(id)
        .catch((err) => this.log.error({ err, submission: id }, 'submission checks failed to run'))
        .finally(() => {
          this.running.delete(job);
          this.pump();
        });
      this.running.add(job);
    }
    if (this.waiting.length === 0 && this.running.size === 0) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
  }
}
