/**
 * The fault matrix's independent checker. It is given the writes the load generator had acknowledged
 * (the city node's API answered 201/200) and reads what the platform did with them from the outside:
 * the city topic straight from Kafka (each record opened with the province's trust, as the hub would)
 * and the hub's own tables through SQL (hub_records, the hub group's pes_inbox). It never asks a
 * service for a counter or a metric. Per person key it reports:
 *   lost        an acknowledged write the hub does not hold: no row for its record, or an older revision;
 *   duplicated  a write applied twice: two rows for one record, or two inbox entries (two events applied)
 *               for one record revision;
 *   reordered   a person's writes on the topic, or as the hub applied them, not in the order they were
 *               acknowledged, or the hub's newest revision of a record not its last acknowledged one.
 * A record the relay published twice with one event id (at-least-once, kept out by the inbox) is not a
 * duplicate: it is counted as `redelivered`.
 */

/** One write the city node's API acknowledged: the record's revision it produced, in the person's order. */
export interface AckedWrite {
  personKey: string;
  /** 1, 2, 3…: the person's writes in the order they were acknowledged (one writer per person at a time). */
  seq: number;
  recordId: string;
  revision: number;
}

/** A record as read from the city topic (opened), in the topic's order within its partition. */
export interface TopicEntry {
  personKey: string;
  recordId: string;
  revision: number;
  eventId: string;
  partition: number;
  offset: bigint;
}

/** A row of hub_records. */
export interface HubRow {
  recordId: string;
  personKey: string | null;
  revision: number;
}

/** A row of the hub group's pes_inbox: one event the hub applied. */
export interface HubApplied {
  eventId: string;
  partition: number;
  offset: bigint;
  /** The applying transaction's time (ms), which orders the hub's applications. */
  appliedAt: number;
}

export interface CheckInput {
  acked: readonly AckedWrite[];
  topic: readonly TopicEntry[];
  hubRows: readonly HubRow[];
  hubApplied: readonly HubApplied[];
  /**
   * Records a write was attempted on without an answer (the node killed under it): the hub may hold
   * a newer revision of these than the last acknowledged one without it being an error.
   */
  indeterminate?: ReadonlySet<string>;
}

export interface PersonFinding {
  personKey: string;
  lost: string[];
  duplicated: string[];
  reordered: string[];
}

export interface CheckReport {
  acknowledged: number;
  /** Acknowledged writes found on the topic. */
  onTopic: number;
  /** Acknowledged writes the hub applied (an inbox entry for one of their events). */
  applied: number;
  lost: number;
  duplicated: number;
  reordered: number;
  /** Topic records carrying an event id seen before (the relay's re-publication): expected, not an error. */
  redelivered: number;
  /** Only the persons with a finding. */
  persons: PersonFinding[];
}

const writeKey = (recordId: string, revision: number) => `${recordId}@${revision}`;

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = m.get(k);
    if (list) list.push(item);
    else m.set(k, [item]);
  }
  return m;
}

const byTopicOrder = (a: TopicEntry, b: TopicEntry) =>
  a.partition - b.partition || (a.offset < b.offset ? -1 : a.offset > b.offset ? 1 : 0);

export function check(input: CheckInput): CheckReport {
  const indeterminate = input.indeterminate ?? new Set<string>();
  const rowsByRecord = groupBy(input.hubRows, (r) => r.recordId);
  const appliedByEvent = new Map(input.hubApplied.map((a) => [a.eventId, a]));
  const topicByPerson = groupBy(input.topic, (t) => t.personKey);
  const seenEvents = new Set<string>();
  let redelivered = 0;
  for (const t of [...input.topic].sort(byTopicOrder)) {
    if (seenEvents.has(t.eventId)) redelivered++;
    seenEvents.add(t.eventId);
  }

  const report: CheckReport = {
    acknowledged: input.acked.length,
    onTopic: 0,
    applied: 0,
    lost: 0,
    duplicated: 0,
    reordered: 0,
    redelivered,
    persons: [],
  };

  for (const [personKey, writes] of groupBy(input.acked, (w) => w.personKey)) {
    const finding: PersonFinding = { personKey, lost: [], duplicated: [], reordered: [] };
    const ordered = [...writes].sort((a, b) => a.seq - b.seq);
    const entries = [...(topicByPerson.get(personKey) ?? [])].sort(byTopicOrder);
    const eventsOf = groupBy(entries, (e) => writeKey(e.recordId, e.revision));

    // The first application of each acknowledged write at the hub, for the order check.
    const firstApplied = new Map<string, HubApplied>();
    for (const w of ordered) {
      const k = writeKey(w.recordId, w.revision);
      const events = [...new Set((eventsOf.get(k) ?? []).map((e) => e.eventId))];
      if (events.length > 0) report.onTopic++;
      const applications = events.flatMap((id) => appliedByEvent.get(id) ?? []);
      if (applications.length > 0) {
        report.applied++;
        firstApplied.set(
          k,
          applications.reduce((a, b) => (b.appliedAt < a.appliedAt ? b : a)),
        );
      }
      // Two events applied for one revision: the hub applied the write twice.
      if (applications.length > 1) finding.duplicated.push(`${k} applied ${applications.length} times`);
      const rows = rowsByRecord.get(w.recordId) ?? [];
      const newest = Math.max(-1, ...rows.map((r) => r.revision));
      if (newest < w.revision)
        finding.lost.push(
          rows.length === 0 ? `${k} absent at the hub` : `${k} (hub holds revision ${newest})`,
        );
    }
    for (const recordId of new Set(ordered.map((w) => w.recordId))) {
      const rows = rowsByRecord.get(recordId) ?? [];
      if (rows.length > 1) finding.duplicated.push(`${recordId} has ${rows.length} rows at the hub`);
      const last = Math.max(...ordered.filter((w) => w.recordId === recordId).map((w) => w.revision));
      const newest = Math.max(-1, ...rows.map((r) => r.revision));
      if (newest > last && !indeterminate.has(recordId))
        finding.reordered.push(
          `${recordId}: the hub's newest revision ${newest} is not the last acknowledged ${last}`,
        );
    }

    // Topic order: each acknowledged write's first appearance, in topic order, must follow acknowledgement order.
    const ackIndex = new Map(ordered.map((w, i) => [writeKey(w.recordId, w.revision), i]));
    const firstSeen: number[] = [];
    const seen = new Set<string>();
    for (const e of entries) {
      const k = writeKey(e.recordId, e.revision);
      const i = ackIndex.get(k);
      if (i === undefined || seen.has(k)) continue;
      seen.add(k);
      firstSeen.push(i);
    }
    for (let i = 1; i < firstSeen.length; i++)
      if (firstSeen[i]! < firstSeen[i - 1]!)
        finding.reordered.push(
          `on the topic, write ${firstSeen[i]! + 1} came after write ${firstSeen[i - 1]! + 1}`,
        );

    // The hub's applications: a later acknowledged write never applied before an earlier one.
    let previous: { k: string; a: HubApplied } | undefined;
    for (const w of ordered) {
      const k = writeKey(w.recordId, w.revision);
      const a = firstApplied.get(k);
      if (!a) continue;
      if (previous) {
        const p = previous.a;
        const before =
          a.appliedAt < p.appliedAt ||
          (a.appliedAt === p.appliedAt && a.partition === p.partition && a.offset < p.offset);
        if (before) finding.reordered.push(`the hub applied ${k} before ${previous.k}`);
      }
      previous = { k, a };
    }

    report.lost += finding.lost.length;
    report.duplicated += finding.duplicated.length;
    report.reordered += finding.reordered.length;
    if (finding.lost.length + finding.duplicated.length + finding.reordered.length > 0)
      report.persons.push(finding);
  }
  return report;
}
