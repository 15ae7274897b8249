@testable import FlowbookKit

/// Shard file text for tests: a body sealed with a correct end line, so a test can reach
/// the record checks behind the checksum.
enum ShardText {
  /// `body` (which must end in a newline) followed by its `end BYTES SHA256` line.
  ///
  /// - Parameter body: The lines before the end line.
  /// - Returns: The whole file text.
  static func sealed(_ body: String) -> String {
    String(decoding: sealed(Array(body.utf8)), as: UTF8.self)
  }

  /// `body`'s bytes followed by their end line.
  ///
  /// - Parameter body: The bytes before the end line.
  /// - Returns: The whole file.
  static func sealed(_ body: [UInt8]) -> [UInt8] {
    body + Array("end \(body.count) \(SHA256.hex(body))\n".utf8)
  }

  /// The body of a whole shard file: everything before its end line.
  ///
  /// - Parameter file: A whole file as `SimulationShard.text()` writes it.
  /// - Returns: The bytes before the end line.
  static func body(of file: [UInt8]) -> [UInt8] {
    let newline = UInt8(ascii: "\n")
    guard let endStart = file.dropLast().lastIndex(of: newline) else { return file }
    return Array(file[...endStart])
  }
}
