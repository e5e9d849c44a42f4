import { describe, expect, it, vi, beforeEach } from "vitest";

const subscribe = vi.fn();
const realtimeSubscribe = vi.fn();
const realtimeUnsubscribe = vi.fn();
vi.mock("@/lib/pb", () => ({
  pb: {
    collection: () => ({ subscribe }),
    realtime: { subscribe: realtimeSubscribe, unsubscribe: realtimeUnsubscribe },
    filter: (expr: string, params: Record<string, string>) => expr.replace("{:t}", JSON.stringify(params.t)),
  },
}));

const rt = await import("./realtime");

type R = { id: string; updated: string; v: number };
const rec = (id: string, updated: string, v: number): R => ({ id, updated, v });

describe("mergeNewest", () => {
  it("keeps the newest version when events arrive out of order", () => {
    let list: R[] = [rec("a", "2026-01-01 00:00:01.000Z", 1)];
    list = rt.mergeNewest(list, { action: "update", record: rec("a", "2026-01-01 00:00:03.000Z", 3) });
    list = rt.mergeNewest(list, { action: "update", record: rec("a", "2026-01-01 00:00:02.000Z", 2) }); // late, older
    expect(list).toEqual([rec("a", "2026-01-01 00:00:03.000Z", 3)]);
  });
  it("adds new records first and removes deleted ones", () => {
    let list: R[] = [rec("a", "1", 1)];
    list = rt.mergeNewest(list, { action: "create", record: rec("b", "2", 2) });
    expect(list.map((r) => r.id)).toEqual(["b", "a"]);
    list = rt.mergeNewest(list, { action: "delete", record: rec("a", "1", 1) });
    expect(list.map((r) => r.id)).toEqual(["b"]);
  });
  it("returns the same array when nothing changes", () => {
    const list: R[] = [rec("a", "5", 1)];
    expect(rt.mergeNewest(list, { action: "update", record: rec("a", "4", 0) })).toBe(list);
  });
});

describe("subscriptions", () => {
  beforeEach(() => {
    subscribe.mockReset();
    realtimeSubscribe.mockReset();
  });

  it("filters every collection subscription by workspace and shares one per workspace", async () => {
    const unsub = vi.fn(async () => {});
    subscribe.mockResolvedValue(unsub);
    realtimeSubscribe.mockResolvedValue(async () => {});
    const a = vi.fn();
    const b = vi.fn();
    const offA = rt.subscribeCollection("jobs", "t1", a);
    const offB = rt.subscribeCollection("jobs", "t1", b);
    expect(subscribe).toHaveBeenCalledTimes(1);
    expect(subscribe.mock.calls[0]![0]).toBe("*");
    expect(subscribe.mock.calls[0]![2]).toEqual({ filter: 'tenant = "t1"' });
    // Both listeners get the one stream's events.
    const emit = subscribe.mock.calls[0]![1] as (e: unknown) => void;
    emit({ action: "update", record: { id: "j" } });
    expect(a).toHaveBeenCalledTimes(1);
    expect(b).toHaveBeenCalledTimes(1);
    expect(rt.activeSubscriptions()).toEqual(["jobs?tenant=t1"]);
    offA();
    await Promise.resolve();
    expect(unsub).not.toHaveBeenCalled();
    offB();
    await new Promise((r) => setTimeout(r, 0));
    expect(unsub).toHaveBeenCalledTimes(1);
    expect(rt.activeSubscriptions()).toEqual([]);
  });

  it("refuses a subscription without a workspace", () => {
    expect(() => rt.subscribeCollection("jobs", "", () => {})).toThrow();
  });

  it("resyncs after a reconnect, not on the first connect", () => {
    subscribe.mockResolvedValue(async () => {});
    realtimeSubscribe.mockResolvedValue(async () => {});
    const resync = vi.fn();
    const off = rt.onResync(resync);
    void rt.closeAll(); // fresh connection state
    rt.subscribeCollection("jobs", "t2", () => {});
    const connect = realtimeSubscribe.mock.calls.find((c) => c[0] === "PB_CONNECT")![1] as () => void;
    connect();
    expect(resync).not.toHaveBeenCalled();
    connect();
    expect(resync).toHaveBeenCalledTimes(1);
    off();
  });

  it("closeAll ends every subscription", async () => {
    await rt.closeAll();
    expect(realtimeUnsubscribe).toHaveBeenCalled();
    expect(rt.activeSubscriptions()).toEqual([]);
  });
});
