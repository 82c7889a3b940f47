import type { Logger } from 'pino';

/**
 * Runs submission checks in the background inside each server process. Jobs live in the database: a worker
 * claims the next queued submission atomically (submitters taking turns, see SubmissionService.claimNext;
 * `FOR UPDATE SKIP LOCKED` on PostgreSQL), so however many replicas poll, each job runs once; a claim is a
 * lease, and a job whose worker died is queued again when the lease runs out. `kick()` looks for work at once (after a submit), the poll catches everything else.
 */
export class CheckQueue {
  private readonly running = new Set<Promise<void>>();
  private idleWaiters: (() => void)[] = [];
  private timer?: NodeJS.Timeout;
  private claiming = false;
  private again = false;
  private closed = false;

  constructor(
    private readonly jobs: { claim(): Promise<string | null>; run(id: string): Promise<void>; requeueExpired(): Promise<number> },
    private readonly concurrency: number,
    private readonly pollMs: number,
    private readonly log: Logger,
  ) {}

  get depth(): number {
    return this.running.size;
  }

  start(): void {
    this.timer = setInterval(() => {
      this.jobs.requeueExpired().then(() => this.kick(), (err) => this.log.error({ err }, 'requeueing expired checks failed'));
    }, this.pollMs);
    this.timer.unref();
    this.kick();
  }

  /** Claims and starts jobs while there is room and work. */
  kick(): void {
    if (this.closed) return;
    if (this.claiming) {
      this.again = true;
      return;
    }
    this.claiming = true;
    void this.fill().finally(() => {
      this.claiming = false;
      if (this.again) {
        this.again = false;
        this.kick();
      } else this.settle();
    });
  }

  /** Resolves when this process has no check running and found nothing to claim (tests and shutdown wait on it). */
  idle(): Promise<void> {
    if (!this.claiming && this.running.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Claims no more work and waits for the checks under way. */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    await Promise.allSettled([...this.running]);
  }

  private async fill(): Promise<void> {
    while (!this.closed && this.running.size < this.concurrency) {
      let id: string | null;
      try {
        id = await this.jobs.claim();
      } catch (err) {
        this.log.error({ err }, 'claiming a submission check failed');
        return;
      }
      if (!id) return;
      const job = this.jobs
        .run(id)
        .catch((err) => this.log.error({ err, submission: id }, 'submission checks failed to run'))
        .finally(() => {
          this.running.delete(job);
          this.kick();
        });
      this.running.add(job);
    }
  }

  private settle(): void {
    if (this.claiming || this.running.size > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
