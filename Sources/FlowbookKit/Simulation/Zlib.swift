import CZlib

/// The zlib container (RFC 1950) around deflate data (RFC 1951), for HdrHistogram's
/// compressed encoding.
///
/// Writing uses stored blocks only, in a few lines here rather than through zlib's
/// compressor: valid for every inflater and byte-identical on every machine, which a real
/// compressor's output is not promised to be across zlib versions (a shard's bytes are
/// part of its run's fingerprint). Reading goes through the system zlib, so histograms
/// written by other tools, compressed for real, read back too; the inflated size is
/// bounded by the caller, so a crafted stream cannot make flowbook allocate without limit.
enum Zlib {
  /// Wraps `data` in a zlib stream of stored deflate blocks.
  ///
  /// - Parameter data: The bytes to wrap.
  /// - Returns: The zlib stream: header, stored blocks of at most 65,535 bytes, Adler-32.
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

  /// Unwraps a zlib stream and inflates it with the system zlib, which also checks the
  /// header and the Adler-32 of the result.
  ///
  /// - Parameters:
  ///   - stream: A whole zlib stream (header, deflate data, Adler-32).
  ///   - limit: The most bytes it may inflate to: deflate expands up to 1,032 times, so
  ///     a few kilobytes could otherwise ask for gigabytes.
  /// - Returns: The inflated bytes.
  /// - Throws: `HistogramDecodingError.corruptDeflate` naming zlib's complaint, when the
  ///   stream is damaged, cut short, followed by extra bytes, or would inflate past `limit`.
  /// - Complexity: O(n + m) for n bytes in and m out.
  static func inflate(_ stream: [UInt8], limit: Int) throws(HistogramDecodingError) -> [UInt8] {
    guard stream.count >= 6 else { throw .corruptDeflate("zlib stream shorter than 6 bytes") }
    var z = z_stream()
    guard fb_inflate_init(&z) == Z_OK else { throw .corruptDeflate("zlib could not start") }
    defer { inflateEnd(&z) }
    var output: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 64 << 10)
    var input = stream
    var status: Int32 = Z_OK
    input.withUnsafeMutableBufferPointer { inputBuffer in
      z.next_in = inputBuffer.baseAddress
      z.avail_in = UInt32(inputBuffer.count)
      while status == Z_OK, output.count <= limit {
        chunk.withUnsafeMutableBufferPointer { chunkBuffer in
          z.next_out = chunkBuffer.baseAddress
          z.avail_out = UInt32(chunkBuffer.count)
          status = CZlib.inflate(&z, Z_NO_FLUSH)
          let produced = chunkBuffer.count - Int(z.avail_out)
          output.append(contentsOf: chunkBuffer[0..<produced])
        }
        // No progress with input left means the stream is cut short.
        if status == Z_BUF_ERROR || (status == Z_OK && z.avail_in == 0 && z.avail_out != 0) {
          break
        }
      }
    }
    guard output.count <= limit else {
      throw .corruptDeflate("inflates to more than \(limit) bytes, the most a histogram takes")
    }
    guard status == Z_STREAM_END else {
      let reason = z.msg.map { String(cString: $0) } ?? "stream cut short"
      throw .corruptDeflate(reason)
    }
    guard z.avail_in == 0 else { throw .corruptDeflate("bytes after the end of the stream") }
    return output
  }

  /// The Adler-32 checksum (RFC 1950 §8.2) of `data`, computed by the system zlib.
  ///
  /// - Parameter data: The bytes.
  /// - Returns: The checksum, as the zlib trailer stores it (big-endian when written).
  static func adler32(_ data: [UInt8]) -> UInt32 {
    data.withUnsafeBufferPointer { buffer in
      UInt32(truncatingIfNeeded: CZlib.adler32(1, buffer.baseAddress, UInt32(buffer.count)))
    }
  }
}
