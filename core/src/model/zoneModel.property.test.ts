/**
 * Properties of the zone model as a whole: validation, file reading and zone attribution, over random
 * models. Ranges are drawn from a few small neighbourhoods so that random models nest and repeat
 * ranges often, which is where attribution can go wrong.
 */
import fc from 'fast-check';
import { stringify } from 'yaml';

import {
  cidrContainsAddress,
  formatCidr,
  formatIp,
  formatIpv4,
  formatIpv6,
  hostMask,
  ipv4FromMapped,
  isCidrError,
  parseCidr,
  parseIp,
  type Cidr,
  type IpAddress,
} from '../net/ipAddress';
import { createZoneAttributor } from './zoneAttribution';
import { parseZoneModel } from './zoneModelFile';
import { isBlockingProblem, validateZoneModel } from './zoneModelValidation';
import {
  CONDUIT_DIRECTIONS,
  CONTROL_TYPES,
  OPERATIONS,
  PURDUE_LEVELS,
  type AssetOverride,
  type Conduit,
  type ConduitService,
  type SecurityLevel,
  type Zone,
  type ZoneModel,
} from './zoneModel';

const V6_BASE = 0x20010db8n << 96n;

/** An IPv4 address in 10.0-3.0-3.x or anywhere at all. */
const ipv4Value = fc.oneof(
  fc
    .tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 255 }))
    .map(([b, c, d]) => 0x0a000000 + b * 65536 + c * 256 + d),
  fc.integer({ min: 0, max: 0xffffffff })
);

/** An IPv6 address in 2001:db8:0-3::/48 with small host parts, or anywhere at all. */
const ipv6Value = fc.oneof(
  fc
    .tuple(fc.bigInt({ min: 0n, max: 3n }), fc.bigInt({ min: 0n, max: 3n }), fc.bigInt({ min: 0n, max: 255n }))
    .map(([site, subnet, host]) => V6_BASE | (site << 80n) | (subnet << 64n) | host),
  fc.bigInt({ min: 0n, max: (1n << 128n) - 1n })
);

function network(version: 4 | 6, value: bigint, prefix: number): Cidr {
  return { version, network: value & ~hostMask(version, prefix), prefix };
}

/** A range in canonical text, IPv4 or IPv6, with prefixes that favour the neighbourhoods above. */
const cidrText = fc.oneof(
  fc
    .tuple(ipv4Value, fc.oneof(fc.constantFrom(8, 16, 24, 30, 32), fc.integer({ min: 0, max: 32 })))
    .map(([value, prefix]) => formatCidr(network(4, BigInt(value), prefix))),
  fc
    .tuple(ipv6Value, fc.oneof(fc.constantFrom(32, 48, 64, 120, 128), fc.integer({ min: 0, max: 128 })))
    .map(([value, prefix]) => formatCidr(network(6, value, prefix)))
);

/** Address text: IPv4, IPv6 (canonical or written out in full capitals), or IPv4-mapped IPv6. */
const addressText = fc.oneof(
  ipv4Value.map(formatIpv4),
  ipv6Value.map(formatIpv6),
  ipv6Value.map((v) =>
    v
      .toString(16)
      .toUpperCase()
      .padStart(32, '0')
      .replace(/(.{4})(?!$)/g, '$1:')
  ),
  ipv4Value.map((v) => `::ffff:${formatIpv4(v)}`)
);

const securityLevel = fc.constantFrom<SecurityLevel>(0, 1, 2, 3, 4);
const word = fc.stringMatching(/^[a-z][a-z0-9-]{0,11}$/);

const service: fc.Arbitrary<ConduitService> = fc.record(
  {
    protocol: word,
    port: fc.integer({ min: 1, max: 65535 }),
    operations: fc.subarray([...OPERATIONS]),
    functionCodes: fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 4 }),
    sourceRoles: fc.array(word, { maxLength: 3 }),
  },
  { requiredKeys: ['protocol'] }
);

/** A valid zone model in the form validation returns (every default written out). */
const validZoneModel: fc.Arbitrary<ZoneModel> = fc
  .record({
    zoneCount: fc.integer({ min: 1, max: 6 }),
    cidrs: fc.uniqueArray(fc.tuple(cidrText, fc.nat()), { maxLength: 20, selector: ([text]) => text }),
    vlans: fc.uniqueArray(fc.tuple(fc.integer({ min: 1, max: 4094 }), fc.nat()), {
      maxLength: 6,
      selector: ([vlan]) => vlan,
    }),
    zoneFields: fc.array(
      fc.record({
        purdueLevel: fc.constantFrom(...PURDUE_LEVELS),
        slTarget: securityLevel,
        slAchieved: fc.option(securityLevel, { nil: undefined }),
        safety: fc.boolean(),
        owner: fc.option(fc.string(), { nil: undefined }),
      }),
      { minLength: 6, maxLength: 6 }
    ),
    conduits: fc.array(
      fc.record({
        from: fc.nat(),
        step: fc.integer({ min: 1, max: 5 }),
        direction: fc.constantFrom(...CONDUIT_DIRECTIONS),
        controlType: fc.constantFrom(...CONTROL_TYPES),
        slTarget: securityLevel,
        services: fc.array(service, { maxLength: 3 }),
      }),
      { maxLength: 6 }
    ),
    assets: fc.uniqueArray(
      fc.record({ address: fc.option(addressText, { nil: undefined }), zone: fc.option(fc.nat(), { nil: undefined }) }),
      { maxLength: 6, selector: (a) => a.address ?? Symbol('no address') }
    ),
    site: fc.option(fc.string(), { nil: undefined }),
  })
  .filter(({ assets }) => {
    // Two spellings of one address (zero-padded and compressed, or mapped and plain IPv4) would be a
    // duplicate override, so addresses are told apart by the address they stand for.
    const seen = new Set<string>();
    return assets.every((a) => {
      if (a.address === undefined) {
        return true;
      }
      const parsed = parseIp(a.address);
      const key = parsed === undefined ? a.address : formatIp(unmapped(parsed));
      const fresh = !seen.has(key);
      seen.add(key);
      return fresh;
    });
  })
  .map(({ zoneCount, cidrs, vlans, zoneFields, conduits, assets, site }) => {
    const zones: Zone[] = zoneFields.slice(0, zoneCount).map((fields, i) => {
      const zone: Zone = {
        id: `zone-${i}`,
        name: `Zone ${i}`,
        purdueLevel: fields.purdueLevel,
        slTarget: fields.slTarget,
        safety: fields.safety,
        cidrs: cidrs.filter(([, owner]) => owner % zoneCount === i).map(([text]) => text),
        vlans: vlans.filter(([, owner]) => owner % zoneCount === i).map(([vlan]) => vlan),
      };
      if (fields.slAchieved !== undefined) {
        zone.slAchieved = fields.slAchieved;
      }
      if (fields.owner !== undefined) {
        zone.owner = fields.owner;
      }
      return zone;
    });
    // A conduit joins two different zones, so a model of one zone has none.
    const modelConduits: Conduit[] =
      zoneCount < 2
        ? []
        : conduits.map((c, i) => ({
            id: `conduit-${i}`,
            from: zones[c.from % zoneCount].id,
            to: zones[(c.from + (c.step % (zoneCount - 1)) + 1) % zoneCount].id,
            direction: c.direction,
            controlType: c.controlType,
            slTarget: c.slTarget,
            services: c.services,
          }));
    const modelAssets: AssetOverride[] = assets.map((a, i) => {
      const asset: AssetOverride = { name: `asset-${i}` };
      if (a.address !== undefined) {
        asset.address = a.address;
      }
      if (a.zone !== undefined) {
        asset.zone = zones[a.zone % zoneCount].id;
      }
      return asset;
    });
    const model: ZoneModel = { zones, conduits: modelConduits, assets: modelAssets };
    if (site !== undefined) {
      model.site = site;
    }
    return model;
  });

/** The IPv4 address an IPv4-mapped IPv6 address stands for; other addresses unchanged. */
function unmapped(address: IpAddress): IpAddress {
  const v4 = address.version === 6 ? ipv4FromMapped(address.value) : undefined;
  return v4 === undefined ? address : { version: 4, value: BigInt(v4) };
}

/**
 * Attribution by the definition, one range at a time: an override with this exact address and a zone
 * wins; otherwise the longest containing range, the first zone in the model on a tie. A mapped
 * IPv6 address is tried as IPv4 first.
 */
function naiveZoneOf(model: ZoneModel, ip: string): string | undefined {
  const address = parseIp(ip);
  if (address === undefined) {
    return undefined;
  }
  const candidates = unmapped(address) === address ? [address] : [unmapped(address), address];
  for (const candidate of candidates) {
    const asset = model.assets.find((a) => {
      const parsed = a.address === undefined ? undefined : parseIp(a.address);
      return (
        parsed !== undefined &&
        unmapped(parsed).version === candidate.version &&
        unmapped(parsed).value === candidate.value
      );
    });
    if (asset?.zone !== undefined && model.zones.some((z) => z.id === asset.zone)) {
      return asset.zone;
    }
    let best: { zone: string; prefix: number } | undefined;
    for (const zone of model.zones) {
      for (const text of zone.cidrs) {
        const cidr = parseCidr(text);
        if (
          !isCidrError(cidr) &&
          cidrContainsAddress(cidr, candidate) &&
          (best === undefined || cidr.prefix > best.prefix)
        ) {
          best = { zone: zone.id, prefix: cidr.prefix };
        }
      }
    }
    if (best !== undefined) {
      return best.zone;
    }
  }
  return undefined;
}

/** Addresses inside the model's ranges (any host of a chosen range) and anywhere else. */
function addressesFor(model: ZoneModel, picks: Array<[number, bigint]>, others: string[]): string[] {
  const ranges = model.zones
    .flatMap((z) => z.cidrs)
    .map((text) => parseCidr(text))
    .filter((c): c is Cidr => !isCidrError(c));
  const inside =
    ranges.length === 0
      ? []
      : picks.map(([index, host]) => {
          const range = ranges[index % ranges.length];
          const value = range.network | (host & hostMask(range.version, range.prefix));
          return range.version === 4 ? formatIpv4(Number(value)) : formatIpv6(value);
        });
  return [...inside, ...others, ...model.assets.flatMap((a) => (a.address === undefined ? [] : [a.address]))];
}

const hostBits = fc.tuple(fc.nat(), fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }));

describe('createZoneAttributor on random models', () => {
  it('agrees with a linear longest-prefix scan, IPv4 and IPv6', () => {
    fc.assert(
      fc.property(
        validZoneModel,
        fc.array(hostBits, { maxLength: 30 }),
        fc.array(addressText, { maxLength: 30 }),
        (model, picks, others) => {
          const attributor = createZoneAttributor(model);
          for (const ip of addressesFor(model, picks, others)) {
            expect([ip, attributor.zoneOf(ip)?.id]).toEqual([ip, naiveZoneOf(model, ip)]);
          }
        }
      ),
      { numRuns: 200 }
    );
  });

  it('agrees with the scan when zones repeat each other’s ranges (an unvalidated model)', () => {
    fc.assert(
      fc.property(validZoneModel, fc.array(hostBits, { maxLength: 20 }), (model, picks) => {
        const last = model.zones[model.zones.length - 1];
        const shared = {
          ...model,
          zones: [...model.zones.slice(0, -1), { ...last, cidrs: [...model.zones[0].cidrs, ...last.cidrs] }],
        };
        const attributor = createZoneAttributor(shared);
        for (const ip of addressesFor(shared, picks, [])) {
          expect([ip, attributor.zoneOf(ip)?.id]).toEqual([ip, naiveZoneOf(shared, ip)]);
        }
      })
    );
  });
});

function expectWellFormed(result: ReturnType<typeof validateZoneModel>): void {
  expect(result.ok).toBe(!result.problems.some(isBlockingProblem));
  for (const problem of result.problems) {
    expect(typeof problem.path).toBe('string');
    expect(typeof problem.message).toBe('string');
    expect(problem.path.trim()).not.toBe('');
    expect(problem.message.trim()).not.toBe('');
  }
}

/** Every path into a JSON value, as key lists. */
function pathsOf(value: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> {
  const children = Array.isArray(value)
    ? value.map((v, i) => pathsOf(v, [...prefix, i]))
    : typeof value === 'object' && value !== null
      ? Object.entries(value).map(([k, v]) => pathsOf(v, [...prefix, k]))
      : [];
  return [prefix, ...children.flat()];
}

/** A copy of `root` with the value at `path` replaced. */
function replaceAt(root: unknown, path: Array<string | number>, replacement: unknown): unknown {
  if (path.length === 0) {
    return replacement;
  }
  const [head, ...rest] = path;
  if (Array.isArray(root)) {
    return root.map((v, i) => (i === head ? replaceAt(v, rest, replacement) : v));
  }
  const record = root as Record<string, unknown>;
  return { ...record, [head]: replaceAt(record[head], rest, replacement) };
}

describe('validateZoneModel on random input', () => {
  it('never throws on any value, and every problem has a path and a message', () => {
    fc.assert(
      fc.property(
        fc.anything({
          withNullPrototype: true,
          withMap: true,
          withSet: true,
          withTypedArray: true,
          withSparseArray: true,
        }),
        (input) => {
          expectWellFormed(validateZoneModel(input));
        }
      )
    );
    fc.assert(
      fc.property(fc.jsonValue(), (input) => {
        const result = validateZoneModel(input);
        expectWellFormed(result);
        expect(result.ok).toBe(false);
      })
    );
  });

  it('never throws on a valid model with one value anywhere replaced by arbitrary JSON', () => {
    fc.assert(
      fc.property(validZoneModel, fc.nat(), fc.jsonValue(), (model, pick, replacement) => {
        const plain: unknown = JSON.parse(JSON.stringify(model));
        const paths = pathsOf(plain);
        expectWellFormed(validateZoneModel(replaceAt(plain, paths[pick % paths.length], replacement)));
      })
    );
  });

  it('accepts every valid model and returns it unchanged', () => {
    fc.assert(
      fc.property(validZoneModel, (model) => {
        const result = validateZoneModel(model);
        expect(result).toEqual({ ok: true, model, problems: result.problems });
        // Random ranges may nest so that one zone's range is mostly another's: that is worth a warning only.
        expect(result.problems.filter(isBlockingProblem)).toEqual([]);
      })
    );
  });
});

describe('parseZoneModel on random models', () => {
  it('reads back every valid model written as YAML or JSON', () => {
    fc.assert(
      fc.property(validZoneModel, (model) => {
        const expected = validateZoneModel(model);
        for (const text of [stringify(model), JSON.stringify(model, null, 2)]) {
          const parsed = parseZoneModel(text);
          expect(parsed).toEqual({ ok: true, model, problems: parsed.problems });
          expect(parsed.problems.map(({ path, message }) => ({ path, message }))).toEqual(
            expected.problems.map(({ path, message }) => ({ path, message }))
          );
        }
      })
    );
  });
});
