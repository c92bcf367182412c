import { personKeyOf } from "@pes/schemas";
import { samplePerson } from "@pes/schemas/samples";
import type { AckedWrite } from "./checker.js";
import { sleep } from "./platform.js";

export interface LoadPerson {
  idNumber: string;
  name: string;
  key: string;
}

/** `count` persons of 思明 for row `row`: distinct across the rows of one run (birth dates apart). */
export function loadPersons(row: number, count: number, secret: string): LoadPerson[] {
  return Array.from({ length: count }, (_, i) => {
    const birth = new Date(Date.UTC(1990 + row, 0, 1 + Math.floor(i / 1000)));
    const s = samplePerson(i % 1000, {
      birthDate: birth.toISOString().slice(0, 10),
      region: "350203",
      name: `故障${row}`,
    });
    return { idNumber: s.idNumber, name: s.name, key: personKeyOf(s.idNumber, secret) };
  });
}

/** Holds the writers between two writes while it is closed: the rotation lets the node's outbox drain. */
export class Gate {
  private closed: { passed: Promise<void>; open: () => void } | undefined;

  close(): void {
    if (this.closed) return;
    let open!: () => void;
    const passed = new Promise<void>((resolve) => (open = resolve));
    this.closed = { passed, open };
  }

  open(): void {
    this.closed?.open();
    this.closed = undefined;
  }

  async pass(): Promise<void> {
    await this.closed?.passed;
  }
}

export interface LoadResult {
  acked: (AckedWrite & { ackedAt: number })[];
  /** Records a write went unanswered on (connection cut, 5xx) before the generator knew its outcome. */
  indeterminate: Set<string>;
  /** Persons whose first write went unanswered and could not be told apart afterwards. */
  abandoned: number;
  /** Requests that failed and were tried again. */
  retries: number;
}

interface Answer {
  status: number;
  body: { id?: string; revision?: number } & Record<string, unknown>;
}

/**
 * Concurrent writers through the city node's HTTP API: each person's registration applied (201),
 * registered and closed (200), `cycles` times, one writer per person at a time so the person's
 * writes have one order — the order they were acknowledged in. A request that goes unanswered is
 * tried again; before a change is tried again the registration is read, and a change the node had
 * already committed counts as acknowledged by that read.
 */
export async function runLoad(opts: {
  base: () => string;
  token: string;
  persons: LoadPerson[];
  writers: number;
  cycles: number;
  /** Called after each acknowledged write with the count so far (the matrix injects its fault from here). */
  onAck?: (count: number) => void;
  /** Passed before each write: a fault can hold the writers for a moment. */
  gate?: Gate;
  deadlineMs?: number;
}): Promise<LoadResult> {
  const result: LoadResult = { acked: [], indeterminate: new Set(), abandoned: 0, retries: 0 };
  const deadline = Date.now() + (opts.deadlineMs ?? 300_000);
  const call = async (method: string, path: string, body?: unknown): Promise<Answer | undefined> => {
    try {
      const res = await fetch(`${opts.base()}${path}`, {
        method,
        headers: { authorization: `Bearer ${opts.token}`, "content-type": "application/json" },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(30_000),
      });
      const text = await res.text();
      if (res.status >= 500) return undefined;
      return { status: res.status, body: text.startsWith("{") ? JSON.parse(text) : {} };
    } catch {
      return undefined; // no answer: the node is down or cut the connection
    }
  };
  const ack = (p: LoadPerson, seq: number, recordId: string, revision: number) => {
    result.acked.push({ personKey: p.key, seq, recordId, revision, ackedAt: Date.now() });
    opts.onAck?.(result.acked.length);
  };
  const retryPause = async () => {
    result.retries++;
    if (Date.now() > deadline) throw new Error("the load generator's deadline passed");
    await sleep(250);
  };

  async function writePerson(p: LoadPerson) {
    let seq = 0;
    for (let cycle = 0; cycle < opts.cycles; cycle++) {
      const form = {
        person: { idNumber: p.idNumber, name: p.name, divisionCode: "350203001001" },
        ableToWork: true,
        wantsWork: true,
        currentlyEmployed: false,
        placeBasis: "residence",
        servicePointId: "sp-faults",
      };
      let applied: Answer | undefined;
      let unanswered = false;
      await opts.gate?.pass();
      for (;;) {
        applied = await call("POST", "/v1/unemployment-registrations", form);
        if (applied?.status === 201) break;
        if (applied && unanswered) {
          // The unanswered application may have been committed: which record it made is unknown.
          result.abandoned++;
          return;
        }
        if (applied) throw new Error(`apply: ${applied.status} ${JSON.stringify(applied.body)}`);
        unanswered = true;
        await retryPause();
      }
      const id = applied.body.id!;
      ack(p, ++seq, id, applied.body.revision!);
      for (const [step, body] of [
        ["register", {}],
        ["close", { reason: "employed" }],
      ] as const) {
        const target = seq - cycle * 3 + 1; // the revision this change makes: 2, then 3
        await opts.gate?.pass();
        for (;;) {
          const answer = await call("POST", `/v1/unemployment-registrations/${id}/${step}`, body);
          if (answer?.status === 200) {
            ack(p, ++seq, id, answer.body.revision!);
            break;
          }
          if (answer) throw new Error(`${step}: ${answer.status} ${JSON.stringify(answer.body)}`);
          result.indeterminate.add(id);
          await retryPause();
          // Committed before the answer was lost? The registration's revision says.
          const now = await call("GET", `/v1/unemployment-registrations/${id}`);
          if (now?.status === 200 && (now.body.revision ?? 0) >= target) {
            ack(p, ++seq, id, now.body.revision!);
            break;
          }
        }
      }
    }
  }

  const queue = [...opts.persons];
  await Promise.all(
    Array.from({ length: opts.writers }, async () => {
      for (let p = queue.shift(); p; p = queue.shift()) await writePerson(p);
    }),
  );
  return result;
}
