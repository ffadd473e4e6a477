// Test helper run as its own process (`node --import tsx lib/testing/hold-database.ts`): opens
// DATABASE_URL the way the server does, prints "open <pid>", and keeps it open until stdin closes
// or the process is killed. A failure to open is printed to stderr with exit code 1.
import { openDatabase } from "@/lib/db/client";

try {
  const database = await openDatabase();
  await database.prisma.$queryRaw`SELECT 1`;
  process.stdout.write(`open ${process.pid}\n`);
  process.stdin.resume();
  process.stdin.once("end", () => void database.close().then(() => process.exit(0)));
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
