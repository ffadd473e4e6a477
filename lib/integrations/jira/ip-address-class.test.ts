import { BlockList } from "node:net";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { classifyAddress, type AddressClass } from "./ip-address-class";

// Defect 4 (issue 9): the Jira site URL could point Tether at its own network. The classifier
// decides which resolved addresses Tether may connect to; node's own BlockList is the oracle.

const RUNS = { numRuns: 2000 };

const IPV4_BLOCKED: Array<[string, number, AddressClass]> = [
  ["0.0.0.0", 8, "unspecified"],
  ["10.0.0.0", 8, "private"],
  ["100.64.0.0", 10, "private"],
  ["127.0.0.0", 8, "loopback"],
  ["169.254.0.0", 16, "link-local"],
  ["172.16.0.0", 12, "private"],
  ["192.168.0.0", 16, "private"],
  ["224.0.0.0", 4, "multicast"],
  ["240.0.0.0", 4, "reserved"],
  ["192.0.2.0", 24, "reserved"],
  ["198.18.0.0", 15, "reserved"],
];

const oracle = new BlockList();
for (const [base, prefix] of IPV4_BLOCKED) oracle.addSubnet(base, prefix, "ipv4");
for (const [base, prefix] of [["192.0.0.0", 24], ["192.88.99.0", 24], ["198.51.100.0", 24], ["203.0.113.0", 24]] as const) oracle.addSubnet(base, prefix, "ipv4");

const toText = (n: number) => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");
const toNumber = (text: string) => text.split(".").reduce((acc, part) => acc * 256 + Number(part), 0);
const hex = (n: number) => n.toString(16);

/** An address inside base/prefix, from a random 32-bit number. */
const inSubnet = (base: string, prefix: number) =>
  fc.integer({ min: 0, max: 0xffffffff }).map((r) => {
    const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
    return toText(((toNumber(base) & mask) | (r & ~mask)) >>> 0);
  });

/** The IPv4-mapped IPv6 spellings of an IPv4 address that the socket layer treats as that address. */
function mappedSpellings(ipv4: string): string[] {
  const n = toNumber(ipv4);
  return [`::ffff:${ipv4}`, `::FFFF:${ipv4}`, `::ffff:${hex(n >>> 16)}:${hex(n & 0xffff)}`, `0:0:0:0:0:ffff:${hex(n >>> 16)}:${hex(n & 0xffff)}`, `[::ffff:${ipv4}]`];
}

describe("defect 4: the address classifier", () => {
  it("defect 4: every IPv4 address in a loopback, private, link-local, unspecified, multicast or reserved range is refused, in every spelling", () => {
    for (const [base, prefix, kind] of IPV4_BLOCKED) {
      fc.assert(
        fc.property(inSubnet(base, prefix), (address) => {
          expect(classifyAddress(address)).toBe(kind);
          for (const spelling of mappedSpellings(address)) expect(classifyAddress(spelling)).toBe(kind);
          // NAT64 and 6to4 reach the embedded IPv4 address too.
          const n = toNumber(address);
          expect(classifyAddress(`64:ff9b::${address}`)).toBe(kind);
          expect(classifyAddress(`2002:${hex(n >>> 16)}:${hex(n & 0xffff)}::1`)).toBe(kind);
        }),
        { numRuns: 300 },
      );
    }
  });

  it("defect 4: any IPv4 address is public exactly when node's BlockList of special ranges does not hold it", () => {
    fc.assert(
      fc.property(fc.ipV4(), (address) => {
        const publicAddress = classifyAddress(address) === "public";
        expect(publicAddress).toBe(!oracle.check(address, "ipv4"));
        for (const spelling of mappedSpellings(address)) expect(classifyAddress(spelling) === "public").toBe(publicAddress);
      }),
      RUNS,
    );
  });

  const group = fc.integer({ min: 0, max: 0xffff });
  const groups = (first: fc.Arbitrary<number>) => fc.tuple(first, fc.array(group, { minLength: 7, maxLength: 7 })).map(([g0, rest]) => [g0, ...rest]);
  /** Random spelling of eight groups: full, upper case, or with the longest zero run compressed. */
  const spell = (g: number[], style: number) => {
    if (style === 0) return g.map(hex).join(":");
    if (style === 1) return g.map((x) => hex(x).toUpperCase().padStart(4, "0")).join(":");
    const zeroAt = g.indexOf(0, 1);
    if (zeroAt < 0) return g.map(hex).join(":");
    let end = zeroAt;
    while (end < 8 && g[end] === 0) end += 1;
    return `${g.slice(0, zeroAt).map(hex).join(":")}::${g.slice(end).map(hex).join(":")}`;
  };
  const cases: Array<[string, fc.Arbitrary<number>, AddressClass]> = [
    ["unique local fc00::/7", fc.integer({ min: 0xfc00, max: 0xfdff }), "private"],
    ["link-local fe80::/10", fc.integer({ min: 0xfe80, max: 0xfebf }), "link-local"],
    ["multicast ff00::/8", fc.integer({ min: 0xff00, max: 0xffff }), "multicast"],
    ["outside global unicast", fc.integer({ min: 0x4000, max: 0xfbff }), "reserved"],
  ];

  it.each(cases)("defect 4: IPv6 %s is refused whatever the spelling", (_name, first, kind) => {
    fc.assert(fc.property(groups(first), fc.integer({ min: 0, max: 2 }), (g, style) => {
          expect(classifyAddress(spell(g, style))).toBe(kind);
        }), RUNS);
  });

  it("defect 4: IPv6 global unicast outside the special blocks is public, and node agrees it is an address", () => {
    const special = new BlockList();
    special.addSubnet("2001::", 23, "ipv6");
    special.addSubnet("2001:db8::", 32, "ipv6");
    special.addSubnet("2002::", 16, "ipv6");
    fc.assert(
      fc.property(groups(fc.integer({ min: 0x2000, max: 0x3fff })), (g) => {
        const address = spell(g, 0);
        fc.pre(!special.check(address, "ipv6"));
        expect(classifyAddress(address)).toBe("public");
      }),
      RUNS,
    );
  });

  it("defect 4: the addresses from the report, and anything that is not an address", () => {
    expect(classifyAddress("127.0.0.1")).toBe("loopback");
    expect(classifyAddress("::1")).toBe("loopback");
    expect(classifyAddress("[::1]")).toBe("loopback");
    expect(classifyAddress("::")).toBe("unspecified");
    expect(classifyAddress("0.0.0.0")).toBe("unspecified");
    expect(classifyAddress("169.254.169.254")).toBe("link-local");
    expect(classifyAddress("fe80::1%eth0")).toBe("link-local");
    expect(classifyAddress("::ffff:169.254.169.254")).toBe("link-local");
    expect(classifyAddress("::127.0.0.1")).toBe("reserved");
    expect(classifyAddress("8.8.8.8")).toBe("public");
    expect(classifyAddress("2606:4700::1111")).toBe("public");
    for (const junk of ["", "localhost", "1.2.3", "1.2.3.4.5", "::ffff:1.2.3.256", "12345::", "2130706433"]) expect(classifyAddress(junk)).toBe("invalid");
  });
});
