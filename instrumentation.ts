// Next.js calls register() once when the server starts.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // The sandbox Jira site (demo data on) installs itself once the server answers.
  const { startSandboxWhenServerReady } = await import("@/lib/sandbox/start-on-server");
  startSandboxWhenServerReady();
  if (process.env.TETHER_BACKGROUND === "0") return;
  const { startBackgroundWork } = await import("@/lib/server/background");
  await startBackgroundWork();
}
