/// The only source of randomness in flowbook: xoshiro256** seeded through SplitMix64.
///
/// The system generator differs between machines and runs, and `Double.random(in:)`'s
/// algorithm is the standard library's to change; notebooks promise byte-identical output
/// for the same seed on any machine, so every draw goes through this type and its own
/// `uniform()` conversion. References: Blackman & Vigna, "Scrambled linear pseudorandom
/// number generators" (2021); Steele, Lea & Flood, "Fast splittable pseudorandom number
/// generators" (2014) for SplitMix64.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
  private var s0: UInt64
  private var s1: UInt64
  private var s2: UInt64
  private var s3: UInt64

  /// Creates a generator whose whole stream is fixed by `seed`.
  public init(seed: UInt64) {
    var mixer = seed
    func splitMix() -> UInt64 {
      mixer &+= 0x9E37_79B9_7F4A_7C15
      var z = mixer
      z = (z ^ (z &>> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z &>> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z &>> 31)
    }
    s0 = splitMix()
    s1 = splitMix()
    s2 = splitMix()
    s3 = splitMix()
  }

  /// A generator for stream `index` of `seed`: replications and sweep shards each get
  /// their own, so a shard is reproducible from (seed, index) alone.
  public init(seed: UInt64, stream index: UInt64) {
    self.init(seed: seed &+ 0xD1B5_4A32_D192_ED03 &* (index &+ 1))
  }

  /// Masking shifts (`&<<`) keep unoptimised builds off the generic shift path.
  /// - Complexity: O(1).
  public mutating func next() -> UInt64 {
    let result = rotate(s1 &* 5, 7) &* 9
    let t = s1 &<< 17
    s2 ^= s0
    s3 ^= s1
    s1 ^= s2
    s0 ^= s3
    s2 ^= t
    s3 = rotate(s3, 45)
    return result
  }

  /// A uniform double in [0, 1) from the top 53 bits.
  public mutating func uniform() -> Double {
    // The explicit type matters: with a bare `next()` the compiler may pick the protocol's
    // generic `next<T>()` instead, and the arithmetic silently changes meaning.
    let bits: UInt64 = next()
    return Double(bits &>> 11) * 0x1.0p-53
  }

  /// A uniform double in (0, 1]: safe to take the logarithm of.
  public mutating func uniformPositive() -> Double {
    let bits: UInt64 = next()
    return Double((bits &>> 11) + 1) * 0x1.0p-53
  }

  private func rotate(_ x: UInt64, _ k: UInt64) -> UInt64 {
    (x &<< k) | (x &>> (64 &- k))
  }
}
