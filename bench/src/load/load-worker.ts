import { Worker } from "node:worker_threads";
import type { CommandName, Commands, Reply, Request } from "./commands.ts";

/** A load worker thread, asked over its port with typed commands. */
export class LoadWorker {
  private readonly worker = new Worker(new URL("./worker.ts", import.meta.url));
  private readonly waiting = new Map<number, { resolve(answer: unknown): void; reject(error: Error): void }>();
  private nextId = 0;

  constructor() {
    this.worker.on("message", (reply: Reply) => {
      const waiter = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      if ("error" in reply) waiter?.reject(new Error(reply.error));
      else waiter?.resolve(reply.answer);
    });
    this.worker.on("error", (error: Error) => {
      for (const waiter of this.waiting.values()) waiter.reject(error);
      this.waiting.clear();
    });
  }

  ask<C extends CommandName>(command: C, args: Commands[C]["args"]): Promise<Commands[C]["answer"]> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ id, command, args } satisfies Request<C>);
    });
  }

  async stop(): Promise<void> {
    await this.ask("close", null).catch(() => undefined);
    await this.worker.terminate();
  }
}

/** Several workers as one: peers dealt out evenly, answers gathered. */
export class LoadWorkers {
  readonly all: LoadWorker[];

  constructor(count: number) {
    this.all = Array.from({ length: count }, () => new LoadWorker());
  }

  ask<C extends CommandName>(command: C, args: Commands[C]["args"]): Promise<Commands[C]["answer"][]> {
    return Promise.all(this.all.map((worker) => worker.ask(command, args)));
  }

  /** Each worker connects its share of the peers; the answers summed, the time the slowest's. */
  async connect({ peers, ...rest }: Commands["connect"]["args"]): Promise<Commands["connect"]["answer"]> {
    const shares = this.all.map((_, w) => peers.filter((_, i) => i % this.all.length === w));
    const answers = await Promise.all(
      this.all.map((worker, w) => worker.ask("connect", { ...rest, peers: shares[w]! })),
    );
    return {
      connected: answers.reduce((sum, answer) => sum + answer.connected, 0),
      failed: answers.reduce((sum, answer) => sum + answer.failed, 0),
      firstError: answers.find((answer) => answer.firstError)?.firstError ?? null,
      ms: Math.max(...answers.map((answer) => answer.ms)),
    };
  }

  stop(): Promise<void[]> {
    return Promise.all(this.all.map((worker) => worker.stop()));
  }
}
