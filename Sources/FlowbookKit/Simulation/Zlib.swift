/// The zlib container (RFC 1950) around deflate data (RFC 1951), for HdrHistogram's
/// compressed encoding, without linking zlib.
///
/// Writing uses stored blocks only: valid for every inflater and byte-identical on every
/// machine, which a real compressor's output is not promised to be across versions.
/// Reading is a complete inflater (stored, fixed and dynamic Huffman blocks), written
/// after Mark Adler's `puff.c` (zlib `contrib/puff`): canonical Huffman codes decoded one
/// bit at a time from per-length counts; slow per byte but the payloads are kilobytes.
enum Zlib {
  /// Wraps `data` in a zlib stream of stored deflate blocks.
  ///
  /// - Complexity: O(n).
  static func storedStream(_ data: [UInt8]) -> [UInt8] {
    var out: [UInt8] = [0x78, 0x01]  // deflate, 32 KiB window, FLEVEL 0; 0x7801 % 31 == 0
    var start = 0
    repeat {
      let length = Swift.min(65_535, data.count - start)
      let isFinal = start + length == data.count
      out.append(isFinal ? 1 : 0)  // BFINAL, BTYPE = 00 (stored), padding to the byte
      out.append(UInt8(length & 0xff))
      out.append(UInt8(length >> 8))
      out.append(UInt8(~length & 0xff))
      out.append(UInt8((~length >> 8) & 0xff))
      out.append(contentsOf: data[start..<start + length])
      start += length
    } while start < data.count
    BigEndian.append(adler32(data), to: &out)
    return out
  }

  /// Unwraps a zlib stream and inflates it, checking the Adler-32 of the result.
  ///
  /// - Parameters:
  ///   - stream: The zlib stream.
  ///   - limit: The most bytes it may inflate to: deflate expands up to 1,032 times, so
  ///     a few kilobytes could otherwise ask for gigabytes.
  /// - Returns: The inflated bytes.
  /// - Throws: `HistogramDecodingError.corruptDeflate` naming what is wrong.
  static func inflate(_ stream: [UInt8], limit: Int) throws(HistogramDecodingError) -> [UInt8] {
    guard stream.count >= 6 else { throw .corruptDeflate("zlib stream shorter than 6 bytes") }
    let cmf = stream[0]
    let flg = stream[1]
    guard cmf & 0x0f == 8, (UInt16(cmf) << 8 | UInt16(flg)) % 31 == 0, flg & 0x20 == 0 else {
      throw .corruptDeflate("bad zlib header \(cmf) \(flg)")
    }
    var inflater = Inflater(Array(stream[2..<stream.count - 4]), limit: limit)
    let data = try inflater.run()
    var expected: UInt32 = 0
    for byte in stream.suffix(4) { expected = expected << 8 | UInt32(byte) }
    guard adler32(data) == expected else { throw .corruptDeflate("Adler-32 mismatch") }
    return data
  }

  static func adler32(_ data: [UInt8]) -> UInt32 {
    var a: UInt32 = 1
    var b: UInt32 = 0
    for byte in data {
      a = (a + UInt32(byte)) % 65_521
      b = (b + a) % 65_521
    }
    return b << 16 | a
  }
}

/// A deflate (RFC 1951) decoder after `puff.c`.
struct Inflater {
  private let input: [UInt8]
  private var position = 0
  private var bitBuffer: UInt32 = 0
  private var bitCount = 0
  private var output: [UInt8] = []
  private let limit: Int

  init(_ input: [UInt8], limit: Int) {
    self.input = input
    self.limit = limit
  }

  /// Throws unless `count` more bytes of output stay within the limit.
  private func reserve(_ count: Int) throws(HistogramDecodingError) {
    guard count <= limit - output.count else {
      throw .corruptDeflate("inflates to more than \(limit) bytes, the most a histogram takes")
    }
  }

  /// A canonical Huffman code: how many codes of each length, symbols in code order.
  private struct Huffman {
    var counts = [Int](repeating: 0, count: 16)
    var symbols: [Int]

    init(lengths: ArraySlice<Int>) {
      symbols = [Int](repeating: 0, count: lengths.count)
      for length in lengths { counts[length] += 1 }
      var offsets = [Int](repeating: 0, count: 16)
      for length in 1..<15 { offsets[length + 1] = offsets[length] + counts[length] }
      for (symbol, length) in lengths.enumerated() where length != 0 {
        symbols[offsets[length]] = symbol
        offsets[length] += 1
      }
    }
  }

  private static let lengthBase = [
    3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99,
    115, 131, 163, 195, 227, 258,
  ]
  private static let lengthExtra = [
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
  ]
  private static let distanceBase = [
    1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025,
    1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
  ]
  private static let distanceExtra = [
    0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12,
    12, 13, 13,
  ]
  private static let codeLengthOrder = [
    16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15,
  ]

  mutating func run() throws(HistogramDecodingError) -> [UInt8] {
    var isFinal = false
    while !isFinal {
      isFinal = try bits(1) == 1
      switch try bits(2) {
      case 0: try stored()
      case 1: try codes(Self.fixedCodes.literal, Self.fixedCodes.distance)
      case 2:
        let (literal, distance) = try dynamicCodes()
        try codes(literal, distance)
      default: throw .corruptDeflate("block type 3")
      }
    }
    return output
  }

  private mutating func bits(_ need: Int) throws(HistogramDecodingError) -> Int {
    while bitCount < need {
      guard position < input.count else { throw .corruptDeflate("ran out of input") }
      bitBuffer |= UInt32(input[position]) << UInt32(bitCount)
      position += 1
      bitCount += 8
    }
    let value = Int(bitBuffer & ((1 << UInt32(need)) - 1))
    bitBuffer >>= UInt32(need)
    bitCount -= need
    return value
  }

  private mutating func stored() throws(HistogramDecodingError) {
    bitBuffer = 0
    bitCount = 0
    guard position + 4 <= input.count else { throw .corruptDeflate("stored header cut") }
    let length = Int(input[position]) | Int(input[position + 1]) << 8
    let complement = Int(input[position + 2]) | Int(input[position + 3]) << 8
    guard length == ~complement & 0xffff else { throw .corruptDeflate("stored length") }
    position += 4
    guard position + length <= input.count else { throw .corruptDeflate("stored data cut") }
    try reserve(length)
    output.append(contentsOf: input[position..<position + length])
    position += length
  }

  private mutating func decode(_ code: Huffman) throws(HistogramDecodingError) -> Int {
    var bitsSoFar = 0
    var first = 0
    var index = 0
    for length in 1..<16 {
      bitsSoFar |= try bits(1)
      let count = code.counts[length]
      if bitsSoFar - count < first { return code.symbols[index + bitsSoFar - first] }
      index += count
      first = (first + count) << 1
      bitsSoFar <<= 1
    }
    throw .corruptDeflate("invalid Huffman code")
  }

  private mutating func codes(_ literal: Huffman, _ distance: Huffman)
    throws(HistogramDecodingError)
  {
    while true {
      let symbol = try decode(literal)
      if symbol < 256 {
        try reserve(1)
        output.append(UInt8(symbol))
        continue
      }
      if symbol == 256 { return }
      let lengthSymbol = symbol - 257
      guard lengthSymbol < 29 else { throw .corruptDeflate("length symbol \(symbol)") }
      let length = Self.lengthBase[lengthSymbol] + (try bits(Self.lengthExtra[lengthSymbol]))
      let distanceSymbol = try decode(distance)
      guard distanceSymbol < 30 else { throw .corruptDeflate("distance \(distanceSymbol)") }
      let back =
        Self.distanceBase[distanceSymbol] + (try bits(Self.distanceExtra[distanceSymbol]))
      guard back <= output.count else { throw .corruptDeflate("distance too far back") }
      try reserve(length)
      for _ in 0..<length { output.append(output[output.count - back]) }
    }
  }

  private static let fixedCodes: (literal: Huffman, distance: Huffman) = {
    var lengths = [Int](repeating: 8, count: 288)
    for symbol in 144..<256 { lengths[symbol] = 9 }
    for symbol in 256..<280 { lengths[symbol] = 7 }
    let distances = [Int](repeating: 5, count: 30)
    return (Huffman(lengths: lengths[...]), Huffman(lengths: distances[...]))
  }()

  private mutating func dynamicCodes() throws(HistogramDecodingError)
    -> (Huffman, Huffman)
  {
    let literalCount = try bits(5) + 257
    let distanceCount = try bits(5) + 1
    let codeLengthCount = try bits(4) + 4
    guard literalCount <= 286, distanceCount <= 30 else {
      throw .corruptDeflate("too many codes")
    }
    var lengths = [Int](repeating: 0, count: 19)
    for index in 0..<codeLengthCount { lengths[Self.codeLengthOrder[index]] = try bits(3) }
    let lengthCode = Huffman(lengths: lengths[...])
    lengths = []
    while lengths.count < literalCount + distanceCount {
      let symbol = try decode(lengthCode)
      switch symbol {
      case 0..<16: lengths.append(symbol)
      case 16:
        guard let previous = lengths.last else { throw .corruptDeflate("repeat with none") }
        lengths += repeatElement(previous, count: 3 + (try bits(2)))
      case 17: lengths += repeatElement(0, count: 3 + (try bits(3)))
      default: lengths += repeatElement(0, count: 11 + (try bits(7)))
      }
    }
    guard lengths.count == literalCount + distanceCount else {
      throw .corruptDeflate("code lengths overrun")
    }
    return (
      Huffman(lengths: lengths[0..<literalCount]),
      Huffman(lengths: lengths[literalCount...])
    )
  }
}
