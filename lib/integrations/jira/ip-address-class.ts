import { isIPv4, isIPv6 } from "node:net";

/** What an IP address reaches: only "public" is a place a Jira Cloud site can live. */
export type AddressClass = "public" | "loopback" | "private" | "link-local" | "unspecified" | "multicast" | "reserved" | "invalid";

type Range = readonly [base: number, prefix: number, kind: Exclude<AddressClass, "public" | "invalid">];

const v4 = (a: number, b: number, c: number, d: number) => ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;

// IANA special-purpose IPv4 ranges (RFC 6890 and successors) Tether must never call.
const IPV4_RANGES: readonly Range[] = [
  [v4(0, 0, 0, 0), 8, "unspecified"],
  [v4(10, 0, 0, 0), 8, "private"],
  [v4(100, 64, 0, 0), 10, "private"],
  [v4(127, 0, 0, 0), 8, "loopback"],
  [v4(169, 254, 0, 0), 16, "link-local"],
  [v4(172, 16, 0, 0), 12, "private"],
  [v4(192, 0, 0, 0), 24, "reserved"],
  [v4(192, 0, 2, 0), 24, "reserved"],
  [v4(192, 88, 99, 0), 24, "reserved"],
  [v4(192, 168, 0, 0), 16, "private"],
  [v4(198, 18, 0, 0), 15, "reserved"],
  [v4(198, 51, 100, 0), 24, "reserved"],
  [v4(203, 0, 113, 0), 24, "reserved"],
  [v4(224, 0, 0, 0), 4, "multicast"],
  [v4(240, 0, 0, 0), 4, "reserved"],
];

function inRange(value: number, base: number, prefix: number): boolean {
  if (prefix === 0) return true;
  const mask = (0xffffffff << (32 - prefix)) >>> 0;
  return ((value & mask) >>> 0) === base;
}

function parseIPv4(text: string): number | null {
  if (!isIPv4(text)) return null;
  const [a, b, c, d] = text.split(".").map(Number);
  return v4(a, b, c, d);
}

export function classifyIPv4(value: number): AddressClass {
  for (const [base, prefix, kind] of IPV4_RANGES) if (inRange(value, base, prefix)) return kind;
  return "public";
}

/** The eight 16-bit groups of an IPv6 address (zone and embedded dotted IPv4 tail allowed). */
function parseIPv6(text: string): number[] | null {
  const address = text.replace(/%.*$/, "");
  if (!isIPv6(address)) return null;
  let body = address;
  const lastColon = body.lastIndexOf(":");
  if (body.slice(lastColon + 1).includes(".")) {
    const embedded = parseIPv4(body.slice(lastColon + 1));
    if (embedded === null) return null;
    body = `${body.slice(0, lastColon + 1)}${(embedded >>> 16).toString(16)}:${(embedded & 0xffff).toString(16)}`;
  }
  const halves = body.split("::");
  const groups = (part: string) => (part === "" ? [] : part.split(":").map((g) => parseInt(g, 16)));
  const head = groups(halves[0]);
  const rest = halves.length === 2 ? groups(halves[1]) : [];
  const missing = 8 - head.length - rest.length;
  if (halves.length === 1 && missing !== 0) return null;
  if (missing < 0) return null;
  return [...head, ...new Array<number>(missing).fill(0), ...rest];
}

function embeddedIPv4(high: number, low: number): number {
  return ((high << 16) | low) >>> 0;
}

export function classifyIPv6Groups(g: readonly number[]): AddressClass {
  const zeroUntil = (n: number) => g.slice(0, n).every((x) => x === 0);
  if (zeroUntil(8)) return "unspecified";
  if (zeroUntil(7) && g[7] === 1) return "loopback";
  // IPv4-mapped (::ffff:a.b.c.d) is the IPv4 address itself to the socket layer.
  if (zeroUntil(5) && g[5] === 0xffff) return classifyIPv4(embeddedIPv4(g[6], g[7]));
  // Deprecated IPv4-compatible (::a.b.c.d) and IPv4-translated (::ffff:0:a.b.c.d).
  if (zeroUntil(6) || (zeroUntil(4) && g[4] === 0xffff && g[5] === 0)) return "reserved";
  // NAT64 (64:ff9b::/96) reaches the embedded IPv4 address; its local-use /48 is private.
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0)) return classifyIPv4(embeddedIPv4(g[6], g[7]));
  if (g[0] === 0x64 && g[1] === 0xff9b && g[2] === 1) return "private";
  if ((g[0] & 0xfe00) === 0xfc00) return "private";
  if ((g[0] & 0xffc0) === 0xfe80) return "link-local";
  if ((g[0] & 0xffc0) === 0xfec0) return "private";
  if ((g[0] & 0xff00) === 0xff00) return "multicast";
  // 6to4 carries an IPv4 address in bits 16–48.
  if (g[0] === 0x2002) return classifyIPv4(embeddedIPv4(g[1], g[2]));
  // Teredo hides its server and client addresses; documentation and ORCHID ranges are not sites.
  if (g[0] === 0x2001 && (g[1] === 0 || g[1] === 0xdb8 || (g[1] & 0xfff0) === 0x10 || (g[1] & 0xfff0) === 0x20)) return "reserved";
  // Only global unicast (2000::/3) is routable on the internet.
  if ((g[0] & 0xe000) !== 0x2000) return "reserved";
  return "public";
}

/** Classifies an IPv4 or IPv6 address as text (as dns.lookup or a URL's host gives it). */
export function classifyAddress(text: string): AddressClass {
  const unbracketed = text.startsWith("[") && text.endsWith("]") ? text.slice(1, -1) : text;
  const ipv4 = parseIPv4(unbracketed);
  if (ipv4 !== null) return classifyIPv4(ipv4);
  const groups = parseIPv6(unbracketed);
  return groups ? classifyIPv6Groups(groups) : "invalid";
}
