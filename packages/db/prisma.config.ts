// Prisma CLI config. The CLI runs on its WASM schema engine against an embedded
// PGlite (no engine downloads): `prisma migrate dev` creates migrations in a
// scratch in-memory database. Runtime migrations use src/migrate.ts.
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { vector } from "@electric-sql/pglite/vector";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { defineConfig } from "prisma/config";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  async adapter() {
    // In memory: `migrate dev` replays the checked-in migrations, then diffs.
    const client = new PGlite({ extensions: { vector } });
    // Cast: the adapter pins older driver-adapter-utils types (same runtime contract).
    return new PrismaPGlite(client) as never;
  },
});
