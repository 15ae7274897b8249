import Foundation

/// The standard normal distribution: the CDF Φ and its inverse Φ⁻¹.
///
/// The lognormal case of `Distribution` is fixed by (p50, p99), which turns into
/// (μ, σ) through Φ⁻¹(0.99); sampling by inversion needs Φ⁻¹ at every draw and the grid
/// needs Φ at every cell edge. Φ⁻¹ is our own (Wichura's AS241) so that its result does
/// not depend on a platform's libm beyond `log` and `sqrt`.
enum StandardNormal {
  /// Φ⁻¹(0.99) ≈ 2.3263478740408408: the z-score of the 99th percentile.
  static let z99 = quantile(0.99)

  /// Φ(z) = ½·erfc(−z/√2), accurate in both tails because erfc is not computed as 1 − erf.
  ///
  /// Reference: Abramowitz & Stegun, *Handbook of Mathematical Functions* (1964), 26.2.29.
  /// - Complexity: O(1).
  static func cdf(_ z: Double) -> Double {
    0.5 * erfc(-z * 0.707_106_781_186_547_5)
  }

  /// The upper tail 1 − Φ(z) = ½·erfc(z/√2), without cancellation for large z.
  /// - Complexity: O(1).
  static func survival(_ z: Double) -> Double {
    0.5 * erfc(z * 0.707_106_781_186_547_5)
  }

  /// Φ⁻¹(p) for p in (0, 1), relative error about 1e-16.
  ///
  /// Wichura, "Algorithm AS 241: The percentage points of the normal distribution",
  /// *Applied Statistics* 37(3), 477–484 (1988), routine PPND16: a rational approximation
  /// in p − ½ for the centre and in √(−log min(p, 1−p)) for the two tails.
  /// Returns ±38.5 at p = 0 or 1 (beyond any double's tail) so callers never see inf.
  /// - Complexity: O(1): one `log` and one `sqrt` in the tails, none in the centre.
  static func quantile(_ p: Double) -> Double {
    let q = p - 0.5
    if q.magnitude <= 0.425 {  // `magnitude`, not generic `abs`: this runs per draw
      let r = 0.180625 - q * q
      return q * central(r)
    }
    let tail = q < 0 ? p : 1 - p
    guard tail > 0 else { return q < 0 ? -38.5 : 38.5 }
    let r = (-log(tail)).squareRoot()
    let z = r <= 5 ? intermediate(r - 1.6) : far(r - 5)
    return q < 0 ? -z : z
  }

  private static func central(_ r: Double) -> Double {
    let num =
      (((((((2.509_080_928_730_122_672_7e3 * r + 3.343_057_558_358_812_810_5e4) * r
        + 6.726_577_092_700_870_085_3e4) * r + 4.592_195_393_154_987_145_7e4) * r
        + 1.373_169_376_550_946_112_5e4) * r + 1.971_590_950_306_551_442_7e3) * r
        + 1.331_416_678_917_843_774_5e2) * r + 3.387_132_872_796_366_608_0)
    let den =
      (((((((5.226_495_278_852_854_561_0e3 * r + 2.872_908_573_572_194_267_4e4) * r
        + 3.930_789_580_009_271_061_0e4) * r + 2.121_379_430_158_659_586_7e4) * r
        + 5.394_196_021_424_751_107_7e3) * r + 6.871_870_074_920_579_083_0e2) * r
        + 4.231_333_070_160_091_125_2e1) * r + 1)
    return num / den
  }

  private static func intermediate(_ r: Double) -> Double {
    let num =
      (((((((7.745_450_142_783_414_076_40e-4 * r + 2.272_384_498_926_918_458_33e-2) * r
        + 2.417_807_251_774_506_117_70e-1) * r + 1.270_458_252_452_368_382_58) * r
        + 3.647_848_324_763_204_605_04) * r + 5.769_497_221_460_691_405_50) * r
        + 4.630_337_846_156_545_295_90) * r + 1.423_437_110_749_683_577_34)
    let den =
      (((((((1.050_750_071_644_416_843_24e-9 * r + 5.475_938_084_995_344_946_00e-4) * r
        + 1.519_866_656_361_645_719_66e-2) * r + 1.481_039_764_274_800_745_90e-1) * r
        + 6.897_673_349_851_000_045_50e-1) * r + 1.676_384_830_183_803_849_40) * r
        + 2.053_191_626_637_758_821_87) * r + 1)
    return num / den
  }

  private static func far(_ r: Double) -> Double {
    let num =
      (((((((2.010_334_399_292_288_132_65e-7 * r + 2.711_555_568_743_487_578_15e-5) * r
        + 1.242_660_947_388_078_438_60e-3) * r + 2.653_218_952_657_612_309_30e-2) * r
        + 2.965_605_718_285_048_912_30e-1) * r + 1.784_826_539_917_291_335_80) * r
        + 5.463_784_911_164_114_369_90) * r + 6.657_904_643_501_103_777_20)
    let den =
      (((((((2.044_263_103_389_939_785_64e-15 * r + 1.421_511_758_316_445_888_70e-7) * r
        + 1.846_318_317_510_054_681_80e-5) * r + 7.868_691_311_456_132_591_00e-4) * r
        + 1.487_536_129_085_061_485_25e-2) * r + 1.369_298_809_227_358_053_10e-1) * r
        + 5.998_322_065_558_879_376_90e-1) * r + 1)
    return num / den
  }
}
