import { throttleRetryAfterSeconds } from "./sign-in-throttle";

/**
 * next-auth answers every refused credentials sign-in with 401, and a thrown error only as the
 * `error` parameter of the URL in its JSON answer. A throttle refusal becomes 429 with
 * Retry-After, so that scripts and proxies can tell "wait" from "wrong password"; the body (the
 * message the sign-in form shows) and the cookies stay as they are.
 */
export async function throttledSignInAs429(response: Response): Promise<Response> {
  if (response.status !== 401 || !response.headers.get("content-type")?.includes("application/json")) return response;
  const body = await response.clone().text();
  let url: unknown;
  try {
    url = (JSON.parse(body) as { url?: unknown }).url;
  } catch {
    return response;
  }
  if (typeof url !== "string" || !URL.canParse(url)) return response;
  const retryAfter = throttleRetryAfterSeconds(new URL(url).searchParams.get("error"));
  if (retryAfter === null) return response;
  const headers = new Headers(response.headers);
  headers.set("retry-after", String(retryAfter));
  return new Response(body, { status: 429, headers });
}
