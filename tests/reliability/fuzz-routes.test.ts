// Fuzzing of every route not in fuzz-groups.test.ts: webhooks, sign-in, organization and project routes.
import { defineFuzzSuite } from "./support/fuzz-suite";

await defineFuzzSuite("other", 11);
