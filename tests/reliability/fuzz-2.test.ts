// Fuzzing of every route handler, second half (see tests/reliability/README.md and support/fuzz-suite.ts).
import { defineFuzzSuite } from "./support/fuzz-suite";

await defineFuzzSuite(2, 11);
