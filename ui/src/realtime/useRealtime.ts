// React bindings of the realtime module: subscribe while mounted, for one workspace.
import { useEffect, useRef } from "react";
import { subscribeCollection, subscribeMine, subscribeRecord, subscribeTopic, onResync, type RecordEvent } from "./realtime";

/** Calls onEvent for every change of collection's records in tenant while mounted. */
export function useCollectionEvents<T>(collection: string, tenant: string | undefined, onEvent: (e: RecordEvent<T>) => void) {
  const cb = useRef(onEvent);
  cb.current = onEvent;
  useEffect(() => {
    if (!tenant) return;
    return subscribeCollection<T>(collection, tenant, (e) => cb.current(e));
  }, [collection, tenant]);
}

/** Calls onMessage for every message on a custom topic while mounted. */
export function useTopic<T>(topic: string | undefined, onMessage: (data: T) => void) {
  const cb = useRef(onMessage);
  cb.current = onMessage;
  useEffect(() => {
    if (!topic) return;
    return subscribeTopic<T>(topic, (d) => cb.current(d));
  }, [topic]);
}

/** Runs fn after every realtime reconnect while mounted (refetch what is on screen). */
export function useResync(fn: () => void) {
  const cb = useRef(fn);
  cb.current = fn;
  useEffect(() => onResync(() => cb.current()), []);
}

/** Calls onEvent for every change of one record while mounted. */
export function useRecordEvents<T>(collection: string, id: string | undefined, onEvent: (e: RecordEvent<T>) => void) {
  const cb = useRef(onEvent);
  cb.current = onEvent;
  useEffect(() => {
    if (!id) return;
    return subscribeRecord<T>(collection, id, (e) => cb.current(e));
  }, [collection, id]);
}

/** Calls onEvent for every change of the signed-in user's own records of collection while mounted. */
export function useMyEvents<T>(collection: string, userId: string | undefined, onEvent: (e: RecordEvent<T>) => void) {
  const cb = useRef(onEvent);
  cb.current = onEvent;
  useEffect(() => {
    if (!userId) return;
    return subscribeMine<T>(collection, userId, (e) => cb.current(e));
  }, [collection, userId]);
}
