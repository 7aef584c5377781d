import { QueryClient, QueryObserver } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import { refreshQueries } from "./refresh-queries";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A list whose first fetch reads the store, then takes `ms` to arrive (a slow batch). */
function slowList(client: QueryClient, store: { rows: string[] }, ms: number) {
  const observer = new QueryObserver(client, {
    queryKey: ["list"],
    queryFn: async () => {
      const rows = [...store.rows];
      await sleep(ms);
      return rows;
    },
  });
  return observer.subscribe(() => {});
}

describe("refreshQueries", () => {
  it("shows a write made while the list's first fetch was still in flight", async () => {
    const client = new QueryClient();
    const store = { rows: [] as string[] };
    const unsubscribe = slowList(client, store, 60);
    await sleep(10);
    store.rows.push("Warranty");
    await refreshQueries(client, [["list"]]);
    await sleep(120);
    expect(client.getQueryData(["list"])).toEqual(["Warranty"]);
    unsubscribe();
  });

  it("is needed: a bare invalidation joins the stale first fetch", async () => {
    const client = new QueryClient();
    const store = { rows: [] as string[] };
    const unsubscribe = slowList(client, store, 60);
    await sleep(10);
    store.rows.push("Warranty");
    await client.invalidateQueries({ queryKey: ["list"] });
    await sleep(120);
    expect(client.getQueryData(["list"])).toEqual([]);
    unsubscribe();
  });

  it("refetches a list that already has data", async () => {
    const client = new QueryClient();
    const store = { rows: ["A"] };
    const unsubscribe = slowList(client, store, 5);
    await sleep(30);
    store.rows.push("B");
    await refreshQueries(client, [["list"]]);
    expect(client.getQueryData(["list"])).toEqual(["A", "B"]);
    unsubscribe();
  });
});
