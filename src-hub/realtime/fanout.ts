import type { Socket } from 'socket.io';
import { SYNC_PAGE_MAX, type SyncPoke } from '#shared/contracts/socket.ts';
import type { LoggedChange } from '../domain/changes.ts';
import { mayReceive, type Viewer } from '../domain/viewer.ts';

/**
 * A committed stretch of the change log: every row in (after, through]. `changes` holds them all
 * when the committing node has them in hand; null means "read them from the log".
 */
interface Run {
  after: number;
  through: number;
  changes: readonly LoggedChange[] | null;
}

export interface FanoutDeps {
  /** This node's connected sockets. */
  sockets: () => Iterable<Socket>;
  /** Sends one payload to these sockets of this node (encoded once for all of them). */
  send: (socketIds: readonly string[], poke: SyncPoke) => void;
  /**
   * The viewer of a socket, and whether it was verified recently enough to receive data without
   * asking: a stale one only gets a plain poke, and its pull verifies it again.
   */
  viewer: (socket: Socket) => { viewer: Viewer; fresh: boolean } | null;
  /** Every row in (after, through], in seq order. */
  readRange: (after: number, through: number) => Promise<LoggedChange[]>;
  /** Tells the other nodes that this node appended through `through`. */
  announce?: (through: number) => void;
  log: (e: unknown) => void;
  /** Commits within this window share one poke per socket (the least wait between pushes). */
  windowMs?: number;
}

/** The longest a commit waits for its push because the previous push was expensive. */
const MAX_WINDOW_MS = 50;

/** Past this many rows a gap is not worth reading: everyone pulls instead. */
const MAX_READ = 5 * SYNC_PAGE_MAX;

/**
 * Pushes committed changes to the sockets of this node, each socket receiving exactly the rows
 * readChanges would give it (mayReceive is the same filter), so a desktop whose cursor is where
 * the push starts applies it without a pull. The node walks the log in seq order with no gap:
 * runs committed here arrive with their rows; runs committed elsewhere, or out of order, are
 * read back from the log (committed rows below a committed seq are final: appends hold a lock).
 *
 * Per socket it remembers how far that socket has been told (`sent`). A poke says "these are all
 * the changes you may see in (after, seq]", with `after` the last point the socket was told, so
 * a socket that saw nothing for a while still chains on without a pull. Whenever that claim
 * cannot be made (a socket not verified lately, its viewer changed, an oversized run, a gap too
 * big to read, a failed read) the socket gets a plain poke and pulls.
 */
export function createFanout(deps: FanoutDeps) {
  const windowMs = deps.windowMs ?? 5;
  /** Every seq up to here has been delivered (or poked about) to this node's sockets. */
  let head: number | null = null;
  const pending: Run[] = [];
  const sent = new WeakMap<Socket, { through: number; viewer: string }>();
  let timer: ReturnType<typeof setTimeout> | null = null;
  /** When the last flush ended. */
  let lastFlush = 0;
  /** How long the last flush kept the event loop busy sending to sockets. */
  let lastCost = 0;
  let running: Promise<void> | null = null;
  let again = false;
  let closed = false;

  function schedule() {
    if (timer || closed) return;
    // Writing to every socket is the fan-out's real cost. When a flush took longer than the
    // window (a busy or starved machine), the loop then gets as long to itself before the next
    // one, so pushes take at most about half of it and commits gather into fewer, larger pushes.
    const gap = Math.min(Math.max(windowMs, lastCost), MAX_WINDOW_MS);
    const wait = Math.max(0, lastFlush + gap - performance.now());
    timer = setTimeout(() => {
      timer = null;
      void run();
    }, wait);
  }

  function run(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        do {
          again = false;
          lastCost = 0;
          await flush(pending.splice(0).sort((a, b) => a.through - b.through));
        } while (again && !closed);
      } catch (error) {
        deps.log(error);
      } finally {
        running = null;
        lastFlush = performance.now();
      }
    })();
    return running;
  }

  async function flush(runs: Run[]) {
    let batch: { after: number; changes: LoggedChange[] } | null = null;
    const deliverBatch = () => {
      if (batch && head !== null) deliver(batch.after, head, batch.changes);
      batch = null;
    };
    let announce = 0;
    for (const r of runs) {
      announce = Math.max(announce, r.changes ? r.through : 0);
      if (head === null) {
        // Nobody here has been told anything yet, so there is no chain to keep: poke and start.
        pokeEveryone(r.through);
        head = r.through;
        continue;
      }
      if (r.through <= head) continue;
      if (r.changes && r.after === head) {
        if (batch && batch.changes.length + r.changes.length > SYNC_PAGE_MAX) deliverBatch();
        batch ??= { after: head, changes: [] };
        batch.changes.push(...r.changes);
        head = r.through;
        continue;
      }
      deliverBatch();
      const after = head;
      let rows: LoggedChange[] | null = null;
      if (r.through - after <= MAX_READ) {
        rows = await deps.readRange(after, r.through).catch((error: unknown) => {
          deps.log(error);
          return null;
        });
      }
      if (closed) return;
      if (rows) deliver(after, r.through, rows);
      else pokeEveryone(r.through);
      head = r.through;
    }
    deliverBatch();
    if (announce > 0) deps.announce?.(announce);
  }

  /** Forgets every socket's chain: each is poked, pulls, and chains on from its next push. */
  function pokeEveryone(seq: number) {
    const ids: string[] = [];
    for (const socket of deps.sockets()) {
      sent.delete(socket);
      ids.push(socket.id);
    }
    if (ids.length) deps.send(ids, { seq });
  }

  function deliver(after: number, through: number, changes: readonly LoggedChange[]) {
    const started = performance.now();
    try {
      send(after, through, changes);
    } finally {
      lastCost += performance.now() - started;
    }
  }

  function send(after: number, through: number, changes: readonly LoggedChange[]) {
    const oversized = changes.length > SYNC_PAGE_MAX;
    const plain: string[] = [];
    const groups = new Map<string, { ids: string[]; poke: SyncPoke }>();
    for (const socket of deps.sockets()) {
      const who = deps.viewer(socket);
      if (!who) {
        sent.delete(socket);
        continue;
      }
      const visible: number[] = [];
      changes.forEach((c, i) => {
        if (mayReceive(who.viewer, c)) visible.push(i);
      });
      const key = viewerKey(who.viewer);
      const state = sent.get(socket);
      if (!who.fresh || (state && state.viewer !== key)) {
        // Whatever it was told before no longer counts; its own pull decides what it sees.
        sent.delete(socket);
        if (visible.length) plain.push(socket.id);
        continue;
      }
      if (visible.length === 0) {
        // Nothing for it here, so its chain (or a new one from here) runs on through this run.
        if (!state) sent.set(socket, { through: after, viewer: key });
        continue;
      }
      sent.set(socket, { through, viewer: key });
      if (oversized) {
        plain.push(socket.id);
        continue;
      }
      const from = state?.through ?? after;
      const groupKey = `${from}:${visible.join(',')}`;
      let group = groups.get(groupKey);
      if (!group) {
        group = {
          ids: [],
          poke: {
            seq: through,
            carried: { after: from, changes: visible.map((i) => changes[i]!.change) },
          },
        };
        groups.set(groupKey, group);
      }
      group.ids.push(socket.id);
    }
    if (plain.length) deps.send(plain, { seq: through });
    for (const g of groups.values()) deps.send(g.ids, g.poke);
  }

  return {
    /** A commit on this node: `changes` are its rows as logged, or null to read them back. */
    committed(after: number, through: number, changes: readonly LoggedChange[] | null) {
      pending.push({ after, through, changes });
      schedule();
    },
    /** Another node appended through `through`. */
    heard(through: number) {
      pending.push({ after: -1, through, changes: null });
      schedule();
    },
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}

const keys = new WeakMap<Viewer, string>();
function viewerKey(v: Viewer): string {
  let key = keys.get(v);
  if (key === undefined) {
    key = `${v.role}|${v.userId}|${[...v.teamIds].sort().join(',')}`;
    keys.set(v, key);
  }
  return key;
}

export type Fanout = ReturnType<typeof createFanout>;
