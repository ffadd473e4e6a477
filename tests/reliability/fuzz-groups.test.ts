// Fuzzing of the group routes (see tests/reliability/README.md); the other routes are in fuzz-routes.test.ts.
import { defineFuzzSuite } from "./support/fuzz-suite";

await defineFuzzSuite("v1-groups", 10);
