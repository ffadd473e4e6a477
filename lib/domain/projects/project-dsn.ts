import { tetherPublicBaseUrl } from "@/lib/integrations/discord/app-settings";

/**
 * The DSN an SDK is configured with: `http(s)://<public key>@<host>[/<path>]/<ingest id>`. A path
 * in the public base URL is kept, since SDKs put `/api/<id>/…` after it.
 */
export function projectDsn(key: { publicKey: string; ingestId: number }, publicBaseUrl: string = tetherPublicBaseUrl()): string {
  const base = new URL(publicBaseUrl);
  const path = base.pathname.replace(/\/+$/, "");
  return `${base.protocol}//${key.publicKey}@${base.host}${path}/${key.ingestId}`;
}
