import Foundation
import Testing

@testable import FlowbookKit

@Suite struct StreamingHistogramTests {
  /// 1 ms … 1000 ms uniformly: percentile k is k·10 ms, to within 0.1 %.
  private static func millisecondRamp() -> StreamingHistogram {
    var histogram = StreamingHistogram()
    for millisecond in 1...1000 { histogram.record(Double(millisecond) / 1000) }
    return histogram
  }

  @Test func percentilesMeanAndCount() {
    let histogram = Self.millisecondRamp()
    #expect(histogram.count == 1000)
    #expect(abs(histogram.mean - 0.5005) < 1e-12)  // exact, not from buckets
    for (percentile, expected) in [(50.0, 0.5), (90, 0.9), (99, 0.99), (100, 1.0)] {
      let value = histogram.percentile(percentile)
      #expect(abs(value - expected) / expected < 0.001, "p\(percentile) = \(value)")
    }
    #expect(abs(histogram.min - 0.001) < 1e-6)
    #expect(abs(histogram.max - 1.0) / 1.0 < 0.001)
  }

  @Test func emptyHistogramReportsZeros() {
    let histogram = StreamingHistogram()
    #expect(histogram.count == 0)
    #expect(histogram.mean == 0)
    #expect(histogram.percentile(99) == 0)
    #expect(histogram.min == 0)
    #expect(histogram.max == 0)
  }

  @Test func mergeEqualsRecordingEverythingInOnePlace() {
    var all = StreamingHistogram()
    var parts = [StreamingHistogram(), StreamingHistogram(), StreamingHistogram()]
    var generator = SeededGenerator(seed: 3)
    for index in 0..<3000 {
      let value = -log(generator.uniformPositive()) * 0.02
      all.record(value)
      parts[index % 3].record(value)
    }
    var merged = parts[0]
    merged.merge(parts[1])
    merged.merge(parts[2])
    #expect(merged.histogram == all.histogram)
    #expect(abs(merged.sumSeconds - all.sumSeconds) < 1e-9)
  }

  @Test func base64RoundTripStartsWithTheStandardPrefix() throws {
    var histogram = Self.millisecondRamp()
    histogram.record(3600)  // an hour: resizes the counts
    histogram.record(0)
    let text = histogram.encodedBase64()
    #expect(text.hasPrefix("HISTFAAA"))
    let decoded = try StreamingHistogram(base64: text, sumSeconds: histogram.sumSeconds)
    #expect(decoded == histogram)
  }

  @Test func uncompressedEncodingRoundTrips() throws {
    let histogram = Self.millisecondRamp()
    let bytes = histogram.encodedV2()
    #expect(Array(bytes.prefix(4)) == [0x1c, 0x84, 0x93, 0x13])
    let decoded = try StreamingHistogram(encoded: bytes)
    #expect(decoded.histogram == histogram.histogram)
    // Without the exact sum the mean comes from bucket midpoints: close, not exact.
    #expect(abs(decoded.mean - histogram.mean) / histogram.mean < 0.001)
  }

  /// The same V2 payload compressed for real (zlib level 9, fixed and dynamic Huffman
  /// blocks, made with Python's `zlib.compress`), as other HdrHistogram writers do.
  @Test func readsRealDeflateStreams() throws {
    let histogram = Self.millisecondRamp()
    let compressed = try #require(Data(base64Encoded: Self.pythonZlibOfRamp))
    var bytes: [UInt8] = [0x1c, 0x84, 0x93, 0x14]
    BigEndian.append(UInt32(compressed.count), to: &bytes)
    bytes += compressed
    let decoded = try StreamingHistogram(encoded: bytes, sumSeconds: histogram.sumSeconds)
    #expect(decoded == histogram)
  }

  @Test func zigZagVarintsRoundTripAtEveryWidth() throws {
    let values: [Int64] = [0, 1, -1, 63, -64, 64, 8191, -8192, 1 << 40, -(1 << 55), .max, .min]
    var bytes: [UInt8] = []
    for value in values { ZigZag.append(value, to: &bytes) }
    var reader = ByteReader(bytes)
    for value in values { #expect(try ZigZag.read(from: &reader) == value) }
    #expect(reader.isAtEnd)
    var nine: [UInt8] = []
    ZigZag.append(.min, to: &nine)
    #expect(nine.count == 9)
  }

  @Test func badInputThrowsClearErrors() {
    #expect(throws: HistogramDecodingError.notBase64) {
      try StreamingHistogram(base64: "not base64!")
    }
    #expect(throws: HistogramDecodingError.unknownCookie(0xdead_beef)) {
      try StreamingHistogram(encoded: [0xde, 0xad, 0xbe, 0xef, 0, 0, 0, 0])
    }
    var truncated = Self.millisecondRamp().encodedCompressedV2()
    truncated.removeLast(10)
    #expect(throws: HistogramDecodingError.self) {
      try StreamingHistogram(encoded: truncated)
    }
  }

  /// A histogram written by Python's `hdrh` (integer values, conversion ratio 1): read
  /// far enough to refuse it with a reason, since its unit is not known to be seconds.
  @Test func foreignUnitsAreRefusedWithAReason() {
    #expect(throws: HistogramDecodingError.self) {
      try StreamingHistogram(base64: Self.pythonHdrhEncoding)
    }
  }

  static let pythonZlibOfRamp = """
    eNqTaZkszMDAvp0BApihNCOIUGD//99OUI/7hdq1qQfXMTL95WdazcF0np3pMAvTU2YQes7MdJ6J6SMjCvoMJq8yM\
    pVjhZVwVjSTNZMlCRibqDyTNJMsEEsTpIlTRZ4ufiZeIORGIynlD01dnEzMTKxwyIyFhV2UNroGk1tGui4GIAQT6JAi\
    QeqbSCdrhqzDR60ZMokKANAJQJo=
    """

  static let pythonHdrhEncoding = """
    HISTFAAAAJp4nJNpmSzMwMC+nQECmKE0IwMDW09ioQOD/QeIwMF1jEx/+ZlWczCdZ2c6zML0lBmEnjMznWdi+siIgj6\
    DyauMTOVYYSWcFc1kzWRJAsYmKs8kzSQLxNIEaeJUkaeLn4kXCLnRSEr5Q1MXJxMzEyscMmNhYRelja7B5JaRrosRCM\
    EEOqRIkPom0smaIevwUWsGrzVoXACzkD/r
    """
}
