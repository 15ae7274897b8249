import Foundation
import Histogram

/// Why bytes or text could not be read back as a histogram.
public enum HistogramDecodingError: Error, Equatable, CustomStringConvertible {
  case notBase64
  case truncated(needed: Int, available: Int)
  case unknownCookie(UInt32)
  case unsupportedLayout(String)
  case corruptPayload(String)
  case corruptDeflate(String)

  /// The message for the user, saying what is wrong with the input.
  public var description: String {
    switch self {
    case .notBase64:
      return "the histogram text is not base64; expected HdrHistogram's \"HISTFAAA…\" form"
    case .truncated(let needed, let available):
      return "the histogram is cut short: needs \(needed) bytes, has \(available)"
    case .unknownCookie(let cookie):
      return "not an HdrHistogram V2 encoding (cookie 0x\(String(cookie, radix: 16)))"
    case .unsupportedLayout(let what):
      return "cannot read this histogram's layout: \(what)"
    case .corruptPayload(let what):
      return "the histogram's counts are corrupt: \(what)"
    case .corruptDeflate(let what):
      return "the histogram's compressed data is corrupt: \(what)"
    }
  }
}

/// HdrHistogram's standard V2 encoding, so that flowbook's latency histograms can be
/// read by every HdrHistogram implementation (Java `Histogram.fromString`, the C
/// `hdr_log_decode`, Python `hdrh`, HistogramLogAnalyzer) and vice versa.
///
/// The layout follows `AbstractHistogram.encodeIntoByteBuffer` in HdrHistogram (Java):
/// a 40-byte big-endian header — cookie, payload length, normalising index offset (0),
/// significant digits, lowest discernible value (1), highest trackable value (written
/// as the top of the largest value's bucket, so that equal histograms give equal
/// bytes), and the integer-to-double conversion ratio (1e-9: the values are nanoseconds) — then the
/// counts array in index order up to the last non-zero count, each count a ZigZag
/// LEB128-64b9B varint, a run of k > 1 zero counts written as −k. The cookies are
/// 0x1c849313 (uncompressed) and 0x1c849314 (compressed), the V2 bases 0x1c849303 and
/// 0x1c849304 with the 0x10 "word size" bit set, as the Java writer sets it.
///
/// The compressed form is cookie, big-endian length, then a zlib stream (RFC 1950) of
/// the uncompressed encoding; its base64 text starts "HISTFAAA". flowbook writes the
/// zlib stream with *stored* (uncompressed) deflate blocks (RFC 1951 §3.2.4): every
/// inflater reads them, the output is byte-identical on every machine and zlib version,
/// and the V2 payload is already small because zero runs are run-length coded. Reading
/// accepts any deflate stream (through the system zlib, see `Zlib`), so histograms written by other tools,
/// compressed for real, read back too.
extension StreamingHistogram {
  static let v2Cookie: UInt32 = 0x1c84_9313
  static let v2CompressedCookie: UInt32 = 0x1c84_9314
  static let headerSize = 40

  /// The uncompressed V2 encoding (cookie 0x1c849313).
  ///
  /// - Complexity: O(b) for b buckets.
  public func encodedV2() -> [UInt8] {
    let layout = HistogramLayout(significantDigits: histogram.numberOfSignificantValueDigits)
    var counts: [(index: Int, count: UInt64)] = []
    for item in histogram.recordedValues() {
      counts.append((layout.countsIndex(for: item.value), UInt64(item.count)))
    }
    var payload: [UInt8] = []
    var nextIndex = 0
    for (index, count) in counts {
      let zeros = index - nextIndex
      if zeros == 1 { ZigZag.append(0, to: &payload) }
      if zeros > 1 { ZigZag.append(-Int64(zeros), to: &payload) }
      ZigZag.append(Int64(count), to: &payload)
      nextIndex = index + 1
    }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(Self.headerSize + payload.count)
    BigEndian.append(Self.v2Cookie, to: &bytes)
    BigEndian.append(UInt32(payload.count), to: &bytes)
    BigEndian.append(UInt32(0), to: &bytes)
    BigEndian.append(UInt32(histogram.numberOfSignificantValueDigits.rawValue), to: &bytes)
    BigEndian.append(histogram.lowestDiscernibleValue, to: &bytes)
    // The top of the largest value's bucket, not the current capacity (which depends on
    // how the histogram grew), so that equal histograms encode to equal bytes.
    BigEndian.append(Swift.max(2, histogram.max), to: &bytes)
    BigEndian.append((1 / Self.unitsPerSecond).bitPattern, to: &bytes)
    return bytes + payload
  }

  /// The compressed V2 encoding (cookie 0x1c849314, zlib with stored blocks).
  ///
  /// - Complexity: O(b) for b buckets.
  public func encodedCompressedV2() -> [UInt8] {
    let zlib = Zlib.storedStream(encodedV2())
    var bytes: [UInt8] = []
    BigEndian.append(Self.v2CompressedCookie, to: &bytes)
    BigEndian.append(UInt32(zlib.count), to: &bytes)
    return bytes + zlib
  }

  /// The compressed V2 encoding as base64 text ("HISTFAAA…"), HdrHistogram's log form.
  public func encodedBase64() -> String {
    Data(encodedCompressedV2()).base64EncodedString()
  }

  /// Reads a histogram from base64 text of either V2 encoding.
  ///
  /// - Parameters:
  ///   - base64: The text, e.g. "HISTFAAA…".
  ///   - sumSeconds: The exact sum of the values, kept beside the histogram because V2
  ///     has no field for it; `nil` estimates it from bucket midpoints.
  /// - Throws: `HistogramDecodingError` naming what is wrong.
  public init(base64: String, sumSeconds: Double? = nil) throws(HistogramDecodingError) {
    guard let data = Data(base64Encoded: base64) else { throw .notBase64 }
    try self.init(encoded: [UInt8](data), sumSeconds: sumSeconds)
  }

  /// Reads a histogram from either V2 encoding's bytes (see `init(base64:sumSeconds:)`).
  ///
  /// The compressed form must hold the uncompressed one (HdrHistogram never nests
  /// compression), so a file of nested zlib streams cannot recurse without end.
  ///
  /// - Parameters:
  ///   - bytes: The encoding.
  ///   - sumSeconds: The exact sum of the values, or `nil` to estimate it.
  /// - Throws: `HistogramDecodingError` naming what is wrong.
  public init(encoded bytes: [UInt8], sumSeconds: Double? = nil)
    throws(HistogramDecodingError)
  {
    var reader = ByteReader(bytes)
    let cookie = try reader.uint32()
    switch cookie & ~0xf0 {
    case Self.v2CompressedCookie & ~0xf0:
      let length = Int(try reader.uint32())
      let zlib = try reader.bytes(length)
      var inner = ByteReader(try Zlib.inflate(zlib, limit: Self.largestEncodingBytes))
      let innerCookie = try inner.uint32()
      guard innerCookie & ~0xf0 == Self.v2Cookie & ~0xf0 else {
        throw .unknownCookie(innerCookie)
      }
      try self.init(uncompressedPayloadOf: &inner, sumSeconds: sumSeconds)
    case Self.v2Cookie & ~0xf0:
      try self.init(uncompressedPayloadOf: &reader, sumSeconds: sumSeconds)
    default:
      throw .unknownCookie(cookie)
    }
  }

  /// The most buckets a decoded histogram may have (2²², 32 MiB of counts): three
  /// significant digits over every value flowbook records need 53,248.
  public static let largestCountsLength = 1 << 22
  /// The largest value a decoded histogram may hold, in nanoseconds: 4.6 × 10¹⁸ ns
  /// (146 years), the bound `record(_:)` has.
  public static let largestValue: UInt64 = 4_600_000_000_000_000_000
  /// The largest uncompressed encoding read: a header and nine bytes a bucket.
  static let largestEncodingBytes = headerSize + 9 * largestCountsLength

  /// The number of significant decimal digits the histogram resolves.
  public var significantDigits: Int { Int(histogram.numberOfSignificantValueDigits.rawValue) }

  private init(uncompressedPayloadOf reader: inout ByteReader, sumSeconds: Double?)
    throws(HistogramDecodingError)
  {
    let payloadLength = Int(try reader.uint32())
    let normalizingOffset = try reader.uint32()
    let digitsRaw = try reader.uint32()
    let lowest = try reader.uint64()
    let highest = try reader.uint64()
    let ratio = Double(bitPattern: try reader.uint64())
    guard normalizingOffset == 0 else {
      throw .unsupportedLayout("normalizing index offset \(normalizingOffset), expected 0")
    }
    guard lowest == 1 else {
      throw .unsupportedLayout("lowest discernible value \(lowest), expected 1")
    }
    guard digitsRaw <= 5, let digits = SignificantDigits(rawValue: Int8(digitsRaw)) else {
      throw .unsupportedLayout("\(digitsRaw) significant digits, expected 0...5")
    }
    guard highest >= 2 else {
      throw .unsupportedLayout("highest trackable value \(highest), expected at least 2")
    }
    guard ratio == 1 / Self.unitsPerSecond else {
      throw .unsupportedLayout("values in units of \(ratio) s, expected nanoseconds (1e-9)")
    }
    var payload = ByteReader(try reader.bytes(payloadLength))
    let layout = HistogramLayout(significantDigits: digits)
    let decoded = try Self.decodeCounts(
      &payload, layout: layout, digits: digits, highest: Swift.min(highest, Self.largestValue))
    self.init(
      histogram: decoded, sumSeconds: sumSeconds ?? Self.midpointSum(of: decoded))
  }

  /// The counts of a V2 payload, each at a value no higher than the histogram's own
  /// highest trackable value's bucket (its range) and within `largestCountsLength`.
  private static func decodeCounts(
    _ payload: inout ByteReader, layout: HistogramLayout, digits: SignificantDigits,
    highest: UInt64
  ) throws(HistogramDecodingError) -> Histogram<UInt64> {
    let lastIndex = Swift.min(layout.lastIndex(coveringValue: highest), largestCountsLength - 1)
    var decoded = Histogram<UInt64>(numberOfSignificantValueDigits: digits)
    var index = 0
    var total: UInt64 = 0
    while !payload.isAtEnd {
      let word = try ZigZag.read(from: &payload)
      if word < 0 {
        guard word > Int64.min, -word <= Int64(lastIndex + 1 - index) else {
          throw .corruptPayload(
            "a run of \(word.magnitude) zero counts at index \(index) passes the histogram's "
              + "range (\(lastIndex + 1) buckets)")
        }
        index += Int(-word)
        continue
      }
      if word > 0 {
        guard index <= lastIndex, let value = layout.value(atIndex: index) else {
          throw .corruptPayload(
            "a count at index \(index), beyond the histogram's range (\(lastIndex + 1) buckets)")
        }
        let (sum, overflow) = total.addingReportingOverflow(UInt64(word))
        guard !overflow else {
          throw .corruptPayload("the counts add up to more than 18,446,744,073,709,551,615")
        }
        total = sum
        decoded.record(value, count: UInt64(word))
      }
      index += 1
    }
    return decoded
  }

  private static func midpointSum(of histogram: Histogram<UInt64>) -> Double {
    histogram.mean * Double(histogram.totalCount) / unitsPerSecond
  }
}

// MARK: - Bucket layout

/// HdrHistogram's value ↔ counts-index mapping for lowest discernible value 1
/// (`AbstractHistogram.countsArrayIndex` / `valueFromIndex`), needed because
/// `hdrhistogram-swift` keeps its counts array internal.
struct HistogramLayout {
  let subBucketHalfCountMagnitude: Int
  let subBucketCountMagnitude: Int

  init(significantDigits: SignificantDigits) {
    var largest = 2
    for _ in 0..<significantDigits.rawValue { largest *= 10 }
    var magnitude = 0
    while (1 << magnitude) < largest { magnitude += 1 }
    subBucketCountMagnitude = Swift.max(magnitude, 1)
    subBucketHalfCountMagnitude = subBucketCountMagnitude - 1
  }

  func countsIndex(for value: UInt64) -> Int {
    let mask = (UInt64(1) << subBucketCountMagnitude) - 1
    let bucket = 64 - subBucketCountMagnitude - (value | mask).leadingZeroBitCount
    let subBucket = Int(value >> UInt64(bucket))
    return ((bucket + 1) << subBucketHalfCountMagnitude) + subBucket
      - (1 << subBucketHalfCountMagnitude)
  }

  /// The last counts index HdrHistogram allocates for a histogram whose highest trackable
  /// value is `value` (`AbstractHistogram.getLengthForNumberOfBuckets` − 1): the top of
  /// the value's bucket, so a Java writer's headroom above its nominal range is kept.
  func lastIndex(coveringValue value: UInt64) -> Int {
    let subBucketCount = 1 << subBucketCountMagnitude
    var smallestUntrackable = UInt64(subBucketCount)
    var buckets = 1
    while smallestUntrackable <= value {
      if smallestUntrackable > UInt64.max / 2 {
        buckets += 1
        break
      }
      smallestUntrackable <<= 1
      buckets += 1
    }
    return (buckets + 1) * (subBucketCount / 2) - 1
  }

  func value(atIndex index: Int) -> UInt64? {
    let half = 1 << subBucketHalfCountMagnitude
    var bucket = (index >> subBucketHalfCountMagnitude) - 1
    var subBucket = (index & (half - 1)) + half
    if bucket < 0 {
      subBucket -= half
      bucket = 0
    }
    guard bucket + subBucketCountMagnitude <= 64 else { return nil }
    return UInt64(subBucket) << UInt64(bucket)
  }
}
