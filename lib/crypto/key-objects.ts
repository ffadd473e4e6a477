import type { KeyObject } from "node:crypto";

/**
 * Key objects made once per key material instead of on every request. Few keys are ever in use
 * (one per Jira site, one Discord application), so the map is simply emptied if it ever fills.
 */
export function keyObjectCache(make: (material: string) => KeyObject, limit: number): (material: string) => KeyObject {
  const keys = new Map<string, KeyObject>();
  return (material) => {
    let key = keys.get(material);
    if (!key) {
      if (keys.size >= limit) keys.clear();
      key = make(material);
      keys.set(material, key);
    }
    return key;
  };
}
