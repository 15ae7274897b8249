import Crypto
import Foundation

/// SHA-256, for the provenance hashes in a notebook's first line and a run's fingerprint.
///
/// Why SHA-256 and not a faster non-cryptographic hash such as FNV-1a: the hash in a
/// notebook header is something a reviewer can check by hand with `sha256sum FILE`, and a
/// collision must not be constructible by someone editing a dataset. The digest itself is
/// swift-crypto's (BoringSSL on Linux); this type only keeps flowbook's two call shapes,
/// a one-shot hex digest and an incremental hasher, in one place.
public struct SHA256: Sendable {
  private var hasher = Crypto.SHA256()

  /// A hasher with nothing added yet.
  public init() {}

  /// The hex digest of `bytes`, lower-case, as `sha256sum` prints it.
  ///
  /// - Parameter bytes: The message.
  /// - Returns: 64 lower-case hex digits.
  /// - Complexity: O(n) in the number of bytes.
  public static func hex<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
    var hasher = SHA256()
    hasher.update(bytes)
    return hasher.finalize().map { byte in
      let text = String(byte, radix: 16)
      return byte < 16 ? "0" + text : text
    }.joined()
  }

  /// Adds bytes to the message.
  ///
  /// - Parameter bytes: The next bytes of the message.
  public mutating func update<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
    hasher.update(data: Data(bytes))
  }

  /// The 32-byte digest of everything added.
  ///
  /// - Returns: The digest's bytes.
  public mutating func finalize() -> [UInt8] {
    Array(hasher.finalize())
  }
}
