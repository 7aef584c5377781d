import { describe, expect, it } from "vitest";
import { readDbEnv, resolveDatabaseUrl } from "./env.ts";

describe("readDbEnv", () => {
  it("defaults to the embedded database and a pool of 5 connections per process", () => {
    const env = readDbEnv({});
    expect(env.KEFU_DB_POOL_MAX).toBe(5);
    expect(resolveDatabaseUrl(env)).toBe("postgresql://postgres:postgres@127.0.0.1:54329/postgres");
  });

  it("takes a larger pool for a real PostgreSQL from KEFU_DB_POOL_MAX", () => {
    expect(readDbEnv({ DATABASE_URL: "postgresql://postgres@127.0.0.1:55432/kefu", KEFU_DB_POOL_MAX: "20" }).KEFU_DB_POOL_MAX).toBe(20);
    expect(readDbEnv({ KEFU_DB_POOL_MAX: "" }).KEFU_DB_POOL_MAX).toBe(5);
  });

  it("refuses a pool size that is not a positive integer", () => {
    for (const bad of ["0", "-1", "2.5", "many", "501"]) expect(() => readDbEnv({ KEFU_DB_POOL_MAX: bad })).toThrow();
  });
});
