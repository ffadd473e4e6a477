// What the sync history may show of a row's payload. Outbox rows hold a job's whole payload, and
// some jobs carry credentials there (a Discord follow-up's interaction token, sealed): the detail
// drawer shows every other field, and says which ones it left out.

/** Keys whose values are credentials or sealed content, whatever the job. */
const SECRET_KEY = /sealed|secret|token|password|passwd|signature|authori[sz]ation|cookie|jwt|private.?key|api.?key/i;
/** A value sealed with lib/crypto/secrets (`v1.<iv>.<tag>.<ciphertext>`), whatever its key is called. */
const SEALED_VALUE = /^v1\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*$/;

export const HIDDEN = "(hidden)";

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** One readable field of a payload: a dotted path and its value as text. */
export interface PayloadField {
  name: string;
  value: string;
}

export interface SyncPayloadView {
  /** The payload with secret values replaced by "(hidden)"; null when the row has none. */
  json: JsonValue | null;
  /** Top-level fields as text (nested values flattened one level: `message.content`). */
  fields: PayloadField[];
  /** Paths of the values left out. */
  hidden: string[];
}

function redact(value: unknown, path: string, hidden: string[]): JsonValue {
  if (typeof value === "string") {
    if (SEALED_VALUE.test(value)) {
      hidden.push(path);
      return HIDDEN;
    }
    return value;
  }
  if (typeof value === "number" || typeof value === "boolean" || value === null) return value;
  if (Array.isArray(value)) return value.map((item, index) => redact(item, path ? `${path}.${index}` : String(index), hidden));
  if (typeof value === "object") {
    const out: { [key: string]: JsonValue } = {};
    for (const [key, item] of Object.entries(value)) {
      const at = path ? `${path}.${key}` : key;
      if (SECRET_KEY.test(key)) {
        hidden.push(at);
        out[key] = HIDDEN;
      } else {
        out[key] = redact(item, at, hidden);
      }
    }
    return out;
  }
  return null;
}

function asText(value: JsonValue): string {
  if (value === null) return "—";
  if (typeof value === "string") return value === "" ? "(empty)" : value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}

function isObject(value: JsonValue): value is { [key: string]: JsonValue } {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The row's payload as the drawer shows it: readable fields and JSON, secrets left out. */
export function syncPayloadView(payload: unknown): SyncPayloadView {
  if (payload === null || payload === undefined) return { json: null, fields: [], hidden: [] };
  const hidden: string[] = [];
  const json = redact(payload, "", hidden);
  const fields: PayloadField[] = [];
  if (isObject(json)) {
    for (const [key, value] of Object.entries(json)) {
      if (isObject(value)) {
        for (const [inner, item] of Object.entries(value)) fields.push({ name: `${key}.${inner}`, value: asText(item) });
      } else {
        fields.push({ name: key, value: asText(value) });
      }
    }
  } else {
    fields.push({ name: "payload", value: asText(json) });
  }
  return { json, fields, hidden };
}
