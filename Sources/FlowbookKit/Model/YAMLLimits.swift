import CYaml
import Quantities
import Yams

/// The bounds every YAML file flowbook reads (models, price and quota catalogs) must keep,
/// checked on libyaml's event stream before Yams builds a single node.
///
/// Why before: Yams resolves an alias to the anchored node itself, so a 600-byte "billion
/// laughs" file (`x1: &x1 [*x0, *x0, …]`, nine levels) composes instantly but describes 9⁹
/// nodes, and anything that walks or hashes it (Yams's duplicate-key check hashes mapping
/// keys whole) does exponential work. Counting on the events costs one pass over the text:
/// an alias adds the node count of the subtree it names, so the count is the size of the
/// document with every alias written out, and the walk stops at the first event over a
/// bound. The same pass bounds nesting, so no recursive reader above it can overflow the
/// stack.
struct YAMLLimits: Sendable {
  /// Largest file, in bytes (the golden path is 11 KB, the price catalog 43 KB).
  var maximumBytes = 1 << 20
  /// Deepest nesting of mappings and sequences, aliases expanded.
  var maximumDepth = 64
  /// Most nodes (scalars, mappings, sequences) with every alias expanded.
  var maximumNodes = 100_000

  /// The bounds README's "Model files" section states.
  static let standard = YAMLLimits()
}

/// A YAML file over one of `YAMLLimits`' bounds: what was exceeded, and where.
struct YAMLLimitViolation: Error, Sendable {
  /// The whole message, naming the limit.
  var message: String
  /// 1-based line and column of the event that crossed the bound.
  var position: FilePosition
}

extension YAMLLimits {
  /// Composes `text` with Yams after checking it against the limits.
  /// - Parameter text: the whole YAML file.
  /// - Returns: the root node, or nil for an empty document.
  /// - Throws: `YAMLLimitViolation` when a bound is crossed; otherwise whatever Yams throws
  ///   for malformed YAML.
  /// - Complexity: O(bytes) before composing; composing is then bounded by `maximumNodes`.
  func compose(_ text: String) throws -> Node? {
    try check(text)
    return try Yams.compose(yaml: text)
  }

  /// Checks `text` against the limits without composing it.
  ///
  /// Malformed YAML passes: the scan stops at libyaml's error and leaves its report to the
  /// composer, which meets the same error at the same place.
  /// - Parameter text: the whole YAML file.
  /// - Throws: `YAMLLimitViolation` at the first event over a bound.
  func check(_ text: String) throws(YAMLLimitViolation) {
    var bytes = Array(text.utf8)
    if bytes.count > maximumBytes {
      throw YAMLLimitViolation(
        message: "the file is \(Self.number(bytes.count)) bytes; YAML files are limited to "
          + "\(Self.number(maximumBytes)) bytes (1 MiB)",
        position: Self.position(ofByte: maximumBytes, in: bytes))
    }
    var scan = EventScan(limits: self)
    var violation: YAMLLimitViolation?
    bytes.withUnsafeMutableBufferPointer { buffer in
      var parser = yaml_parser_t()
      guard yaml_parser_initialize(&parser) == 1 else { return }
      defer { yaml_parser_delete(&parser) }
      yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
      yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
      var event = yaml_event_t()
      while yaml_parser_parse(&parser, &event) == 1 {
        defer { yaml_event_delete(&event) }
        if event.type == YAML_STREAM_END_EVENT { return }
        do throws(YAMLLimitViolation) {
          try scan.take(event)
        } catch {
          violation = error
          return
        }
      }
    }
    if let violation { throw violation }
  }

  /// `1,048,576`: a count as messages print it.
  static func number(_ value: Int) -> String {
    Quantity.formatNumber(Double(value))
  }

  /// The 1-based line and column of byte `offset` (columns count Unicode scalars).
  private static func position(ofByte offset: Int, in bytes: [UInt8]) -> FilePosition {
    var line = 1
    var column = 1
    for byte in bytes.prefix(offset) {
      if byte == UInt8(ascii: "\n") {
        line += 1
        column = 1
      } else if byte & 0xC0 != 0x80 {
        column += 1
      }
    }
    return FilePosition(line: line, column: column)
  }
}

/// The running totals of one check: open collections, anchored subtrees, nodes so far.
private struct EventScan {
  /// An open mapping or sequence.
  struct Frame {
    var anchor: String?
    /// Nodes inside it so far, itself included, aliases expanded.
    var nodes = 1
    /// Levels of collections it holds, itself included (a scalar has height 0).
    var height = 1
  }

  let limits: YAMLLimits
  var open: [Frame] = []
  /// Expanded size and height of every anchored node met so far.
  var anchors: [String: (nodes: Int, height: Int)] = [:]
  var nodes = 0

  init(limits: YAMLLimits) {
    self.limits = limits
  }

  mutating func take(_ event: yaml_event_t) throws(YAMLLimitViolation) {
    let mark = FilePosition(
      line: Int(event.start_mark.line) + 1, column: Int(event.start_mark.column) + 1)
    switch event.type {
    case YAML_SCALAR_EVENT:
      try add(nodes: 1, height: 0, anchor: Self.string(event.data.scalar.anchor), at: mark)
    case YAML_ALIAS_EVENT:
      // An undefined alias is the composer's error to report.
      guard let name = Self.string(event.data.alias.anchor), let anchored = anchors[name]
      else { return }
      try add(nodes: anchored.nodes, height: anchored.height, anchor: nil, at: mark)
    case YAML_SEQUENCE_START_EVENT:
      try open(anchor: Self.string(event.data.sequence_start.anchor), at: mark)
    case YAML_MAPPING_START_EVENT:
      try open(anchor: Self.string(event.data.mapping_start.anchor), at: mark)
    case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
      guard let frame = open.popLast() else { return }
      if let anchor = frame.anchor { anchors[anchor] = (frame.nodes, frame.height) }
      attach(nodes: frame.nodes, height: frame.height)
    default:
      return
    }
  }

  private mutating func open(anchor: String?, at mark: FilePosition) throws(YAMLLimitViolation) {
    try count(1, at: mark)
    open.append(Frame(anchor: anchor))
    try checkDepth(open.count, at: mark)
  }

  /// A complete node (a scalar or an alias's subtree) inside the innermost open collection.
  private mutating func add(nodes added: Int, height: Int, anchor: String?, at mark: FilePosition)
    throws(YAMLLimitViolation)
  {
    try count(added, at: mark)
    try checkDepth(open.count + height, at: mark)
    if let anchor { anchors[anchor] = (added, height) }
    attach(nodes: added, height: height)
  }

  /// Adds a finished child to the innermost open collection.
  private mutating func attach(nodes added: Int, height: Int) {
    guard let last = open.indices.last else { return }
    open[last].nodes += added
    open[last].height = max(open[last].height, height + 1)
  }

  private mutating func count(_ added: Int, at mark: FilePosition) throws(YAMLLimitViolation) {
    nodes += added
    guard nodes <= limits.maximumNodes else {
      throw YAMLLimitViolation(
        message: "the document grows past \(YAMLLimits.number(limits.maximumNodes)) nodes here "
          + "(aliases count as the nodes they repeat); YAML files are limited to "
          + "\(YAMLLimits.number(limits.maximumNodes)) nodes, so write fewer aliases or a "
          + "smaller file",
        position: mark)
    }
  }

  private func checkDepth(_ depth: Int, at mark: FilePosition) throws(YAMLLimitViolation) {
    guard depth <= limits.maximumDepth else {
      throw YAMLLimitViolation(
        message: "mappings and lists nest more than \(limits.maximumDepth) deep here "
          + "(aliases included); YAML files are limited to \(limits.maximumDepth) levels",
        position: mark)
    }
  }

  private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
    guard let pointer else { return nil }
    return String(cString: pointer)
  }
}
