/**
 * Route lengths for proposed and as-built fibre routes: geodesic distances on the WGS84 ellipsoid
 * (Vincenty's inverse formula, sub-millimetre for the distances a route's segments span), summed
 * over a GeoJSON LineString's segments. Pure: no database, no I/O.
 */

const A = 6_378_137; // WGS84 semi-major axis, metres
const F = 1 / 298.257223563; // WGS84 flattening
const B = A * (1 - F);
const MEAN_RADIUS = (2 * A + B) / 3;
const rad = (deg: number) => (deg * Math.PI) / 180;

/** The spherical distance (haversine on the mean radius): only where Vincenty does not converge. */
function greatCircle(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const dLat = rad(lat2 - lat1);
  const dLon = rad(lon2 - lon1);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(lat1)) * Math.cos(rad(lat2)) * Math.sin(dLon / 2) ** 2;
  return 2 * MEAN_RADIUS * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Geodesic distance in metres between two [longitude, latitude] points on WGS84. */
export function segmentMetres([lon1, lat1]: readonly [number, number], [lon2, lat2]: readonly [number, number]) {
  if (lon1 === lon2 && lat1 === lat2) return 0;
  const L = rad(lon2 - lon1);
  const U1 = Math.atan((1 - F) * Math.tan(rad(lat1)));
  const U2 = Math.atan((1 - F) * Math.tan(rad(lat2)));
  const sinU1 = Math.sin(U1);
  const cosU1 = Math.cos(U1);
  const sinU2 = Math.sin(U2);
  const cosU2 = Math.cos(U2);
  let lambda = L;
  for (let i = 0; i < 200; i++) {
    const sinLambda = Math.sin(lambda);
    const cosLambda = Math.cos(lambda);
    const sinSigma = Math.sqrt((cosU2 * sinLambda) ** 2 + (cosU1 * sinU2 - sinU1 * cosU2 * cosLambda) ** 2);
    if (sinSigma === 0) return 0;
    const cosSigma = sinU1 * sinU2 + cosU1 * cosU2 * cosLambda;
    const sigma = Math.atan2(sinSigma, cosSigma);
    const sinAlpha = (cosU1 * cosU2 * sinLambda) / sinSigma;
    const cos2Alpha = 1 - sinAlpha * sinAlpha;
    // On the equator cos²α is 0 and the term below vanishes.
    const cos2SigmaM = cos2Alpha === 0 ? 0 : cosSigma - (2 * sinU1 * sinU2) / cos2Alpha;
    const C = (F / 16) * cos2Alpha * (4 + F * (4 - 3 * cos2Alpha));
    const previous = lambda;
    lambda =
      L + (1 - C) * F * sinAlpha * (sigma + C * sinSigma * (cos2SigmaM + C * cosSigma * (-1 + 2 * cos2SigmaM ** 2)));
    if (Math.abs(lambda - previous) < 1e-12) {
      const u2 = (cos2Alpha * (A * A - B * B)) / (B * B);
      const bigA = 1 + (u2 / 16384) * (4096 + u2 * (-768 + u2 * (320 - 175 * u2)));
      const bigB = (u2 / 1024) * (256 + u2 * (-128 + u2 * (74 - 47 * u2)));
      const deltaSigma =
        bigB *
        sinSigma *
        (cos2SigmaM +
          (bigB / 4) *
            (cosSigma * (-1 + 2 * cos2SigmaM ** 2) -
              (bigB / 6) * cos2SigmaM * (-3 + 4 * sinSigma ** 2) * (-3 + 4 * cos2SigmaM ** 2)));
      return B * bigA * (sigma - deltaSigma);
    }
  }
  // Nearly antipodal points (never two points of one fibre route): the sphere is within 0.5 %.
  return greatCircle(lon1, lat1, lon2, lat2);
}

/** A LineString's geodesic length in whole metres (rounded once, after summing the segments). */
export function lengthMetres(line: { coordinates: readonly (readonly [number, number])[] } | null | undefined) {
  if (!line) return null;
  let total = 0;
  for (let i = 1; i < line.coordinates.length; i++) {
    total += segmentMetres(line.coordinates[i - 1] as [number, number], line.coordinates[i] as [number, number]);
  }
  return Math.round(total);
}
