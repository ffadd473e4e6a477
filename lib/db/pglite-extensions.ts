import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { PrismaPGlite } from "pglite-prisma-adapter";

/**
 * Extensions every PGlite instance loads, so the migrations (CREATE EXTENSION pg_trgm for the
 * groups search index) apply to the embedded database as they do to PostgreSQL.
 */
export const pgliteExtensions = { pg_trgm };

/** The PGlite adapter whose shadow database (the schema engine's scratch copy) loads them too. */
export class PrismaPGliteWithExtensions extends PrismaPGlite {
  override connectToShadowDb() {
    return new PrismaPGlite(new PGlite({ extensions: pgliteExtensions })).connect();
  }
}
