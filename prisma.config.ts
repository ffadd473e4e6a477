import { defineConfig } from "prisma/config";

// Prisma's CLI would download its native schema engine, which these machines cannot reach.
// `generate` only needs the path to exist; a script that exits 1 makes any command that would
// really need the engine (migrate deploy/diff) fail loudly instead of silently doing nothing.
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= "scripts/no-schema-engine.sh";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL?.startsWith("postgres") ? process.env.DATABASE_URL : "postgresql://postgres@127.0.0.1:5432/test" },
});
