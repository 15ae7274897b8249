import Foundation

/// The first line of a notebook: an HTML comment (invisible in rendered Markdown) with the
/// format version, the flowbook that wrote it, the seed, the working directory and model
/// relative to the notebook, and a SHA-256 of every model or dataset file it read.
///
///     <!-- flowbook-notebook format=1 flowbook=0.1.0 seed=1 dir=.. \
///          model=../datasets/golden-path.yaml sha256:../datasets/golden-path.yaml=9f86d0… -->
///
/// (one line in the file; wrapped here).///
/// Values are single words; a space, `%` or `=` inside a path is percent-encoded. Keys
/// this version does not know are ignored, so a later minor version can add some; a
/// newer `format` is refused, because its cells may mean something this one cannot run.
public struct NotebookHeader: Sendable, Hashable {
  /// The format this flowbook writes and the newest it reads.
  public static let currentFormat = 1
  static let marker = "flowbook-notebook"

  /// A file the notebook read, relative to the notebook's folder, and its SHA-256.
  public struct FileDigest: Sendable, Hashable {
    public var path: String
    public var sha256: String

    public init(path: String, sha256: String) {
      self.path = path
      self.sha256 = sha256
    }
  }

  public var format: Int
  /// The flowbook version that wrote the notebook (nil if the header omits it).
  public var flowbookVersion: String?
  public var seed: UInt64
  /// The session's working directory, relative to the notebook's folder.
  public var directory: String
  /// The model file, relative to the notebook's folder; nil for none.
  public var model: String?
  public var files: [FileDigest]

  public init(
    format: Int = NotebookHeader.currentFormat, flowbookVersion: String? = FlowbookVersion.current,
    seed: UInt64 = 1, directory: String = ".", model: String? = nil, files: [FileDigest] = []
  ) {
    self.format = format
    self.flowbookVersion = flowbookVersion
    self.seed = seed
    self.directory = directory
    self.model = model
    self.files = files
  }

  /// The header line, without a line ending.
  public var rendered: String {
    var words = ["<!--", Self.marker, "format=\(format)"]
    if let flowbookVersion { words.append("flowbook=" + Self.encode(flowbookVersion)) }
    words += ["seed=\(seed)", "dir=" + Self.encode(directory),
              "model=" + (model.map(Self.encode) ?? "none")]
    words += files.map { "sha256:" + Self.encode($0.path) + "=" + $0.sha256 }
    return (words + ["-->"]).joined(separator: " ")
  }

  // MARK: - Parsing

  /// Parses a first line; nil when it is not a flowbook header (then it is prose).
  /// - Throws: a message for a header that is malformed or from a newer format.
  static func parse(_ line: String) throws(HeaderProblem) -> NotebookHeader? {
    let trimmed = line.trimmingCharacters(in: .whitespaces)
    let words = trimmed.split(separator: " ").map(String.init)
    guard words.count >= 2, words[0] == "<!--", words[1] == marker else { return nil }
    guard words.last == "-->" else {
      throw HeaderProblem("the header comment is not closed: end the first line with -->")
    }
    var header = NotebookHeader(format: 0, flowbookVersion: nil)
    for word in words.dropFirst(2).dropLast() {
      try header.read(word)
    }
    guard header.format >= 1 else {
      throw HeaderProblem("the header has no format=N; add format=\(currentFormat)")
    }
    guard header.format <= currentFormat else {
      throw HeaderProblem(
        "this notebook is format \(header.format), newer than flowbook \(FlowbookVersion.current) "
          + "reads (format \(currentFormat)); upgrade flowbook to replay it")
    }
    return header
  }

  private mutating func read(_ word: String) throws(HeaderProblem) {
    guard let equals = word.firstIndex(of: "=") else {
      throw HeaderProblem("'\(word)' in the header is not KEY=VALUE")
    }
    let key = String(word[..<equals])
    let raw = String(word[word.index(after: equals)...])
    guard let value = Self.decode(raw) else {
      throw HeaderProblem("'\(raw)' (for \(key)) has a bad %-escape")
    }
    switch key {
    case "format":
      guard let number = Int(value), number >= 1 else {
        throw HeaderProblem("format must be a whole number such as 1, not '\(value)'")
      }
      format = number
    case "flowbook": flowbookVersion = value
    case "seed":
      guard let number = UInt64(value) else {
        throw HeaderProblem("seed must be a whole number from 0 to 2^64-1, not '\(value)'")
      }
      seed = number
    case "dir": directory = value.isEmpty ? "." : value
    case "model": model = value == "none" ? nil : value
    default:
      guard key.hasPrefix("sha256:") else { return }
      guard value.count == 64, value.allSatisfy(\.isHexDigit) else {
        throw HeaderProblem("the sha256 of \(key.dropFirst(7)) must be 64 hex digits")
      }
      guard let path = Self.decode(String(key.dropFirst(7))) else {
        throw HeaderProblem("'\(key)' has a bad %-escape")
      }
      files.append(FileDigest(path: path, sha256: value.lowercased()))
    }
  }

  // MARK: - Escaping

  /// Percent-encodes what would break a header word: space, `%`, `=`, and controls.
  static func encode(_ text: String) -> String {
    var out: [UInt8] = []
    for byte in text.utf8 {
      if byte <= 0x20 || byte == 0x25 || byte == 0x3D || byte == 0x7F {
        let hex = (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
        out += Array(("%" + hex).utf8)
      } else {
        out.append(byte)
      }
    }
    return String(decoding: out, as: UTF8.self)
  }

  static func decode(_ text: String) -> String? {
    var bytes: [UInt8] = []
    var iterator = Array(text.utf8).makeIterator()
    while let byte = iterator.next() {
      guard byte == 0x25 else {
        bytes.append(byte)
        continue
      }
      guard let high = iterator.next(), let low = iterator.next(),
        let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)
      else { return nil }
      bytes.append(value)
    }
    return String(validating: bytes, as: UTF8.self)
  }
}

/// What is wrong with a header line; the parser adds the file and line.
struct HeaderProblem: Error {
  var message: String
  init(_ message: String) { self.message = message }
}
