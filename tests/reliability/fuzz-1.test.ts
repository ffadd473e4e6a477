// Fuzzing of every route handler, first half (see tests/reliability/README.md and support/fuzz-suite.ts).
import { defineFuzzSuite } from "./support/fuzz-suite";

await defineFuzzSuite(1, 10);
