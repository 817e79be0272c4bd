import { lengthMetres, segmentMetres } from "@dotmac/core/contract";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

const point = fc.tuple(fc.double({ min: -180, max: 180, noNaN: true }), fc.double({ min: -89, max: 89, noNaN: true }));

describe("route lengths (geodesic, WGS84)", () => {
  it("matches Vincenty's published example and known distances", () => {
    // Flinders Peak → Buninyong (Vincenty 1975, Geoscience Australia): 54,972.271 m.
    const flinders: [number, number] = [144 + 25 / 60 + 29.5244 / 3600, -(37 + 57 / 60 + 3.7203 / 3600)];
    const buninyong: [number, number] = [143 + 55 / 60 + 35.3839 / 3600, -(37 + 39 / 60 + 10.1561 / 3600)];
    expect(segmentMetres(flinders, buninyong)).toBeCloseTo(54_972.271, 2);
    // One degree of longitude on the equator is a·π/180 = 111,319.49 m on WGS84.
    expect(segmentMetres([0, 0], [1, 0])).toBeCloseTo(111_319.491, 2);
    // A short run along a Lagos street: 0.01° of longitude at 6.44° N.
    expect(segmentMetres([3.44, 6.44], [3.45, 6.44])).toBeCloseTo(1_106.3, 0);
  });

  it("sums segments, rounds once, and is symmetric and zero for a point to itself", () => {
    const line = {
      coordinates: [
        [3.4219, 6.4281],
        [3.4301, 6.4355],
        [3.4402, 6.4398],
      ] as [number, number][],
    };
    const exact = segmentMetres([3.4219, 6.4281], [3.4301, 6.4355]) + segmentMetres([3.4301, 6.4355], [3.4402, 6.4398]);
    expect(lengthMetres(line)).toBe(Math.round(exact));
    expect(lengthMetres(null)).toBeNull();
    fc.assert(
      fc.property(point, point, (a, b) => {
        const ab = segmentMetres(a, b);
        expect(ab).toBeGreaterThanOrEqual(0);
        expect(Math.abs(ab - segmentMetres(b, a))).toBeLessThan(1e-3);
        expect(segmentMetres(a, a)).toBe(0);
        // Never longer than half the meridian's circumference plus the equator's difference.
        expect(ab).toBeLessThan(20_040_000);
      }),
    );
  });

  // Points within a few degrees of each other: what a fibre route's points are (near-antipodal pairs,
  // where Vincenty gives way to the sphere, never occur in one).
  const near = fc
    .tuple(
      fc.double({ min: -175, max: 175, noNaN: true }),
      fc.double({ min: -80, max: 80, noNaN: true }),
      fc.array(fc.tuple(fc.double({ min: -2, max: 2, noNaN: true }), fc.double({ min: -2, max: 2, noNaN: true })), {
        minLength: 3,
        maxLength: 3,
      }),
    )
    .map(([lon, lat, d]) => d.map(([x, y]) => [lon + x, lat + y] as [number, number]));

  it("obeys the triangle inequality (to a millimetre), so a detour is never shorter", () => {
    fc.assert(
      fc.property(near, ([a, b, c]) => {
        const [p, q, r] = [a as [number, number], b as [number, number], c as [number, number]];
        expect(segmentMetres(p, r)).toBeLessThanOrEqual(segmentMetres(p, q) + segmentMetres(q, r) + 1e-3);
      }),
    );
  });
});
