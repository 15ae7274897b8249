/// Big-endian fixed-width integers, as Java's `ByteBuffer` writes HdrHistogram headers.
enum BigEndian {
  static func append<T: FixedWidthInteger>(_ value: T, to bytes: inout [UInt8]) {
    var shift = T.bitWidth - 8
    while shift >= 0 {
      bytes.append(UInt8(truncatingIfNeeded: value >> T(shift)))
      shift -= 8
    }
  }
}

/// ZigZag LEB128-64b9B varints, HdrHistogram's `ZigZagEncoding`: ZigZag maps small
/// magnitudes of either sign to small unsigned numbers, LEB128 stores 7 bits a byte
/// low bits first, and a ninth byte, if reached, holds the last 8 bits whole.
enum ZigZag {
  static func append(_ value: Int64, to bytes: inout [UInt8]) {
    var bits = UInt64(bitPattern: (value << 1) ^ (value >> 63))
    for _ in 0..<8 {
      if bits >> 7 == 0 {
        bytes.append(UInt8(bits))
        return
      }
      bytes.append(UInt8(bits & 0x7f) | 0x80)
      bits >>= 7
    }
    bytes.append(UInt8(truncatingIfNeeded: bits))
  }

  static func read(from reader: inout ByteReader) throws(HistogramDecodingError) -> Int64 {
    var bits: UInt64 = 0
    var shift: UInt64 = 0
    var complete = false
    while shift < 56 {
      let byte = try reader.byte()
      bits |= UInt64(byte & 0x7f) << shift
      shift += 7
      if byte & 0x80 == 0 {
        complete = true
        break
      }
    }
    if !complete { bits |= UInt64(try reader.byte()) << 56 }
    return Int64(bitPattern: bits >> 1) ^ -Int64(bitPattern: bits & 1)
  }
}

/// Reads bytes front to back, throwing instead of trapping when they run out.
struct ByteReader {
  private let bytes: [UInt8]
  private(set) var position = 0

  init(_ bytes: [UInt8]) {
    self.bytes = bytes
  }

  var isAtEnd: Bool { position >= bytes.count }

  mutating func byte() throws(HistogramDecodingError) -> UInt8 {
    guard position < bytes.count else {
      throw .truncated(needed: position + 1, available: bytes.count)
    }
    defer { position += 1 }
    return bytes[position]
  }

  mutating func bytes(_ count: Int) throws(HistogramDecodingError) -> [UInt8] {
    guard count >= 0, count <= bytes.count - position else {
      throw .truncated(needed: position + count, available: bytes.count)
    }
    defer { position += count }
    return Array(bytes[position..<position + count])
  }

  mutating func uint32() throws(HistogramDecodingError) -> UInt32 {
    var value: UInt32 = 0
    for _ in 0..<4 { value = value << 8 | UInt32(try byte()) }
    return value
  }

  mutating func uint64() throws(HistogramDecodingError) -> UInt64 {
    var value: UInt64 = 0
    for _ in 0..<8 { value = value << 8 | UInt64(try byte()) }
    return value
  }
}
