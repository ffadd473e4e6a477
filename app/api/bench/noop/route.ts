// The floor `npm run bench` measures the Jira webhook against: a POST through the same build and
// the same server, doing nothing. Not a product surface: it answers 404 unless the server was
// started with TETHER_BENCH_ROUTES=1, which only scripts/bench.ts sets.
export const dynamic = "force-dynamic";

export async function POST(request: Request): Promise<Response> {
  if (process.env.TETHER_BENCH_ROUTES !== "1") return Response.json({ error: { code: "not_found", message: "Not found" } }, { status: 404 });
  // Read like a webhook reads its body, so the comparison is request in, answer out.
  await request.arrayBuffer();
  return new Response(null, { status: 204 });
}
