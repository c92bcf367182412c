/** A consumer the watch starts and stops: a ConsumerRunner, made anew for each start. */
export interface Restartable {
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface PatternWatchOptions {
  /** The broker's topics that the consumer's subscription matches now. */
  matching: () => Promise<string[]>;
  /** A new consumer on the same group and subscription. */
  consumer: () => Restartable;
  refreshMs: number;
  onError: (error: unknown) => void;
}

/**
 * Keeps a consumer subscribed by RegExp on every matching topic. kafkajs resolves a pattern only when
 * the consumer starts, so a topic created later (a city or market enrolled while the service runs)
 * would never be read: the watch lists the matching topics every refreshMs, and when one appears that
 * was not there when the consumer started, stops it and starts a new one on the same group (the
 * topics it read resume from their committed offsets, the new one is read from its start, as the
 * consumer reads from the beginning). A refresh is serialised with stop(), so a shutdown never races
 * a restart; a restart that fails is reported and tried again at the next refresh.
 */
export class PatternWatch {
  private current: Restartable | undefined;
  /** The matching topics when the current consumer started (listed just before it subscribed). */
  private known = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private chain: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(private readonly opts: PatternWatchOptions) {}

  async start(): Promise<this> {
    // Listed before the consumer subscribes: a topic created in between is taken for new at the
    // next refresh (one restart too many), never missed.
    const known = await this.opts.matching();
    try {
      await this.startConsumer();
    } catch (error) {
      await this.current?.stop().catch(() => undefined);
      throw error;
    }
    this.known = new Set(known);
    this.timer = setInterval(() => void this.refresh(), this.opts.refreshMs);
    this.timer.unref();
    return this;
  }

  /** The topics it reads now, for its lag. */
  topics(): Promise<string[]> {
    return this.opts.matching();
  }

  /** Looks for a new matching topic now and restarts the consumer if there is one; errors go to onError. */
  refresh(): Promise<void> {
    this.chain = this.chain.then(() => this.reconcile()).catch((e) => this.opts.onError(e));
    return this.chain;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.chain;
    await this.current?.stop();
    this.current = undefined;
  }

  private async reconcile(): Promise<void> {
    if (this.stopped) return;
    const now = await this.opts.matching();
    if (now.every((t) => this.known.has(t))) {
      // A deleted topic is forgotten, so that it counts as new if it is created again.
      this.known = new Set(now);
      return;
    }
    if (this.stopped) return;
    await this.current?.stop();
    this.current = undefined;
    await this.startConsumer();
    this.known = new Set(now);
  }

  private async startConsumer(): Promise<void> {
    const consumer = this.opts.consumer();
    // Kept even when it fails to start, so stop() or the next restart disconnects what it opened.
    this.current = consumer;
    await consumer.start();
  }
}
