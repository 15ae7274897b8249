import Foundation

@testable import FlowbookKit

/// A decoded PNG (8-bit RGB or RGBA, not interlaced): what Chromium's screenshots are.
///
/// Enough of the format (ISO/IEC 15948, §9 filters) for tests to measure a rendered page:
/// its size and how much of it is not background.
struct PNGImage {
  var width: Int
  var height: Int
  /// Bytes per pixel: 3 (RGB) or 4 (RGBA).
  var channels: Int
  /// Unfiltered rows, `width × channels` bytes each.
  var pixels: [UInt8]

  enum Failure: Error, CustomStringConvertible {
    case malformed(String)
    var description: String {
      switch self {
      case .malformed(let why): return "not a PNG this decoder reads: \(why)"
      }
    }
  }

  /// Decodes `data`.
  ///
  /// - Parameter data: the file's bytes.
  /// - Throws: `Failure.malformed` for anything but 8-bit RGB(A) without interlace.
  init(_ data: Data) throws {
    let bytes = [UInt8](data)
    guard bytes.count > 8, bytes[0..<8] == [137, 80, 78, 71, 13, 10, 26, 10] else {
      throw Failure.malformed("no signature")
    }
    var at = 8
    var header: [UInt8] = []
    var idat: [UInt8] = []
    while at + 8 <= bytes.count {
      let length = bytes[at..<at + 4].reduce(0) { $0 << 8 | Int($1) }
      let type = String(decoding: bytes[at + 4..<at + 8], as: UTF8.self)
      guard at + 12 + length <= bytes.count else { throw Failure.malformed("cut short") }
      let body = Array(bytes[at + 8..<at + 8 + length])
      if type == "IHDR" { header = body }
      if type == "IDAT" { idat += body }
      at += 12 + length
      if type == "IEND" { break }
    }
    guard header.count == 13 else { throw Failure.malformed("no IHDR") }
    width = header[0..<4].reduce(0) { $0 << 8 | Int($1) }
    height = header[4..<8].reduce(0) { $0 << 8 | Int($1) }
    // IHDR: width, height, bit depth, colour type, compression, filter, interlace.
    guard header[8] == 8, header[12] == 0, header[9] == 2 || header[9] == 6 else {
      throw Failure.malformed(
        "bit depth \(header[8]), colour type \(header[9]), interlace \(header[12])")
    }
    channels = header[9] == 6 ? 4 : 3
    let stride = width * channels
    let raw = try Zlib.inflate(idat, limit: (stride + 1) * height)
    guard raw.count == (stride + 1) * height else { throw Failure.malformed("short image data") }
    pixels = Self.unfilter(raw, stride: stride, height: height, channels: channels)
  }

  private static func unfilter(_ raw: [UInt8], stride: Int, height: Int, channels: Int)
    -> [UInt8]
  {
    var out = [UInt8](repeating: 0, count: stride * height)
    for row in 0..<height {
      let filter = raw[row * (stride + 1)]
      let input = row * (stride + 1) + 1
      let base = row * stride
      for i in 0..<stride {
        let a = i >= channels ? Int(out[base + i - channels]) : 0
        let b = row > 0 ? Int(out[base - stride + i]) : 0
        let c = row > 0 && i >= channels ? Int(out[base - stride + i - channels]) : 0
        let x = Int(raw[input + i])
        let predicted: Int
        switch filter {
        case 1: predicted = a
        case 2: predicted = b
        case 3: predicted = (a + b) / 2
        case 4:
          let p = a + b - c
          let (pa, pb, pc) = (abs(p - a), abs(p - b), abs(p - c))
          predicted = pa <= pb && pa <= pc ? a : (pb <= pc ? b : c)
        default: predicted = 0
        }
        out[base + i] = UInt8((x + predicted) & 0xff)
      }
    }
    return out
  }

  /// Whether the pixel at (`x`, `y`) differs from white by more than a faint tint.
  func isInk(x: Int, y: Int) -> Bool {
    let at = (y * width + x) * channels
    return pixels[at] < 235 || pixels[at + 1] < 235 || pixels[at + 2] < 235
  }

  /// The share of pixels that are not background.
  var inkShare: Double {
    var ink = 0
    for y in 0..<height {
      for x in 0..<width where isInk(x: x, y: y) { ink += 1 }
    }
    return Double(ink) / Double(max(1, width * height))
  }

  /// The lowest row with any ink: where the page's content ends.
  var lastInkRow: Int {
    for y in stride(from: height - 1, through: 0, by: -1) {
      for x in Swift.stride(from: 0, to: width, by: 2) where isInk(x: x, y: y) { return y }
    }
    return -1
  }
}
