/**
 * Turns the single-row writes that many callers make at about the same moment into one
 * statement (group commit): calls made while the previous statement is still in flight, or in
 * the same turn of the event loop, are handed to `run` together (up to `max` at a time), and each
 * caller gets its own answer, or the statement's error. A lone call waits for nothing but the
 * current turn. At 09:00 the fifty stand-up prompts each record an intent and then a ts as Slack
 * answers: a hundred round trips became a handful, while every caller still awaits its own row
 * being durable before it goes on.
 */
export class Coalescer<In, Out> {
  private queue: { item: In; resolve: (out: Out) => void; reject: (err: unknown) => void }[] = [];
  private scheduled = false;
  private inFlight = false;

  constructor(
    /** Writes every item in one statement; answers in the items' order. */
    private readonly run: (items: In[]) => Promise<Out[]>,
    private readonly max = 100,
  ) {}

  add(item: In): Promise<Out> {
    return new Promise<Out>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight || this.queue.length === 0) return;
    this.scheduled = true;
    // After the current turn: every caller started by the same Promise.all has queued by then.
    setImmediate(() => void this.flush());
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    this.inFlight = true;
    const all = this.queue;
    this.queue = [];
    const chunks: (typeof all)[] = [];
    for (let i = 0; i < all.length; i += this.max) chunks.push(all.slice(i, i + this.max));
    await Promise.all(
      chunks.map((chunk) =>
        this.run(chunk.map((c) => c.item)).then(
          (outs) => chunk.forEach((c, j) => c.resolve(outs[j] as Out)),
          (err: unknown) => chunk.forEach((c) => c.reject(err)),
        ),
      ),
    );
    this.inFlight = false;
    // What queued while this statement ran goes out together, now.
    this.schedule();
  }
}
