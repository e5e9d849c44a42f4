import { describe, expect, it, vi } from "vitest";

const closeAll = vi.fn(async () => {});
vi.mock("@/realtime/realtime", () => ({ closeAll, onResync: () => () => {} }));

const { pb } = await import("./pb");
const { queryClient } = await import("./queryClient");
await import("./session");
const { createModuleStore } = await import("@/stores/createModuleStore");

const token = (id: string) => {
  const b64 = (o: object) => btoa(JSON.stringify(o)).replace(/=+$/, "");
  return `${b64({ alg: "HS256", typ: "JWT" })}.${b64({ id, type: "auth", collectionId: "_pb_users_auth_", exp: Math.floor(Date.now() / 1000) + 3600 })}.sig`;
};
const record = (id: string) => ({ id, email: `${id}@x.test`, collectionId: "_pb_users_auth_", collectionName: "users" });

describe("a user change", () => {
  it("clears the query cache, closes realtime and resets module stores", () => {
    const store = createModuleStore("test", { open: false });
    pb.authStore.save(token("u1"), record("u1") as never);
    closeAll.mockClear();
    queryClient.setQueryData(["t1", "secret"], "of u1");
    store.getState().set({ open: true });

    // A token refresh of the same user keeps everything.
    pb.authStore.save(token("u1"), record("u1") as never);
    expect(queryClient.getQueryData(["t1", "secret"])).toBe("of u1");
    expect(closeAll).not.toHaveBeenCalled();

    // Another user: nothing of the first stays.
    pb.authStore.save(token("u2"), record("u2") as never);
    expect(queryClient.getQueryData(["t1", "secret"])).toBeUndefined();
    expect(closeAll).toHaveBeenCalledTimes(1);
    expect(store.getState().ui.open).toBe(false);

    // Sign-out too.
    queryClient.setQueryData(["t2", "secret"], "of u2");
    pb.authStore.clear();
    expect(queryClient.getQueryData(["t2", "secret"])).toBeUndefined();
    expect(closeAll).toHaveBeenCalledTimes(2);
  });
});
