// The one place in the app that subscribes to PocketBase realtime.
//
// - Every subscription is filtered by workspace (the server's view rules apply
//   too; the filter keeps one tab's stream to the workspace on screen).
// - After a reconnect (a PB_CONNECT that is not the first), every registered
//   resync callback runs so what is on screen is refetched: events sent while
//   the connection was down are lost.
// - closeAll() ends every subscription (sign-out, user switch).
// - Events can arrive out of order (PocketBase sends each from its own
//   goroutine): mergeNewest keeps the newest version of a record by `updated`.
import type { RecordSubscription, UnsubscribeFunc } from "pocketbase";
import { pb } from "@/lib/pb";

export type RecordEvent<T> = RecordSubscription<T>;

// One server subscription per (collection or topic, workspace), shared by every
// listener: a page and the jobs tray listening to the same jobs get one stream.
interface Channel {
  key: string;
  listeners: Set<(e: never) => void>;
  unsubscribe: Promise<UnsubscribeFunc>;
}

const channels = new Map<string, Channel>();
const resyncs = new Set<() => void>();
let connectedOnce = false;
let connectWatch: Promise<UnsubscribeFunc> | null = null;

function watchConnect() {
  if (connectWatch) return;
  connectWatch = pb.realtime.subscribe("PB_CONNECT", () => {
    if (connectedOnce) for (const fn of resyncs) fn();
    connectedOnce = true;
  });
}

function join<E>(key: string, open: (emit: (e: E) => void) => Promise<UnsubscribeFunc>, listener: (e: E) => void): () => void {
  watchConnect();
  let ch = channels.get(key);
  if (!ch) {
    const listeners = new Set<(e: never) => void>();
    const emit = (e: E) => {
      for (const l of listeners) (l as (e: E) => void)(e);
    };
    const unsubscribe = open(emit).catch((err: unknown) => {
      console.warn("realtime: subscribe failed", key, err);
      return async () => {};
    });
    ch = { key, listeners, unsubscribe };
    channels.set(key, ch);
  }
  const l = listener as (e: never) => void;
  ch.listeners.add(l);
  const mine = ch;
  return () => {
    mine.listeners.delete(l);
    if (mine.listeners.size === 0 && channels.get(key) === mine) {
      channels.delete(key);
      void mine.unsubscribe.then((u) => u().catch(() => {}));
    }
  };
}

/**
 * Subscribes to every change of `collection`'s records in workspace `tenant`
 * (records with a `tenant` field). Returns the function that ends this listener.
 */
export function subscribeCollection<T>(collection: string, tenant: string, onEvent: (e: RecordEvent<T>) => void): () => void {
  if (!tenant) throw new Error("realtime: a workspace is required");
  return join<RecordEvent<T>>(
    `${collection}?tenant=${tenant}`,
    (emit) => pb.collection(collection).subscribe<T>("*", emit, { filter: pb.filter("tenant = {:t}", { t: tenant }) }),
    onEvent,
  );
}

/**
 * Subscribes to the signed-in user's own records of `collection` (records with a
 * `user` field, e.g. notifications): every workspace's, since a notification of
 * another workspace (an invitation) still concerns this user. The server's rule
 * sends each user only their own.
 */
export function subscribeMine<T>(collection: string, userId: string, onEvent: (e: RecordEvent<T>) => void): () => void {
  if (!userId) throw new Error("realtime: a user is required");
  return join<RecordEvent<T>>(
    `${collection}?user=${userId}`,
    (emit) => pb.collection(collection).subscribe<T>("*", emit, { filter: pb.filter("user = {:u}", { u: userId }) }),
    onEvent,
  );
}

/** Subscribes to one record (e.g. the workspace's own tenants record for its credits). */
export function subscribeRecord<T>(collection: string, id: string, onEvent: (e: RecordEvent<T>) => void): () => void {
  if (!id) throw new Error("realtime: a record id is required");
  return join<RecordEvent<T>>(`${collection}/${id}`, (emit) => pb.collection(collection).subscribe<T>(id, emit), onEvent);
}

/**
 * Subscribes to one of igny8's custom topics, e.g. igny8/keywords/<tenant>
 * (the topic names the workspace; the server checks membership).
 */
export function subscribeTopic<T>(topic: string, onMessage: (data: T) => void): () => void {
  return join<T>(topic, (emit) => pb.realtime.subscribe(topic, (e: T) => emit(e)), onMessage);
}

/** Registers fn to run after every reconnect; returns its removal. */
export function onResync(fn: () => void): () => void {
  resyncs.add(fn);
  return () => resyncs.delete(fn);
}

/** Ends every subscription and the connection (sign-out or user switch). */
export async function closeAll() {
  channels.clear();
  connectedOnce = false;
  connectWatch = null;
  try {
    await pb.realtime.unsubscribe();
  } catch {
    /* already closed */
  }
}

/** Subscriptions open now (for tests and the debug panel). */
export function activeSubscriptions(): string[] {
  return [...channels.keys()];
}

interface Versioned {
  id: string;
  updated: string;
}

/** True when a is strictly newer than b by `updated` (PocketBase's sortable date text). */
export function isNewer(a: Versioned, b: Versioned): boolean {
  return a.updated > b.updated;
}

/**
 * Applies a realtime event to a list, keeping the newest version of each record by
 * `updated` (an older event arriving late never overwrites a newer one). Deletes
 * remove the record. New records are put first. Returns the same array when nothing changed.
 */
export function mergeNewest<T extends Versioned>(list: readonly T[], e: { action: string; record: T }): T[] {
  const i = list.findIndex((r) => r.id === e.record.id);
  if (e.action === "delete") return i < 0 ? (list as T[]) : list.filter((_, j) => j !== i);
  if (i < 0) return [e.record, ...list];
  const cur = list[i]!;
  if (!isNewer(e.record, cur)) return list as T[];
  const next = list.slice();
  next[i] = e.record;
  return next;
}
