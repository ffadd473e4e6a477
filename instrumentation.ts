// Next.js calls register() once when the server starts.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.TETHER_BACKGROUND === "0") return;
  const { startBackgroundWork } = await import("@/lib/server/background");
  await startBackgroundWork();
}
