// Runs in the browser before the dashboard's own code.
import { config as configureZod } from "zod";

// Zod probes `new Function` when it builds its first object schema, to compile faster parsers.
// The Content-Security-Policy forbids eval (next.config.js), and browsers report even the caught
// probe as a violation; the interpreted parsers are plenty fast for the dashboard's forms.
configureZod({ jitless: true });
