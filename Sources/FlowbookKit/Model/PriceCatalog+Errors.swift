/// Where in a catalog file a value came from: file name, 1-based line and column.
///
/// Every loaded price and quota keeps its location so that a later complaint ("this price is
/// unconfirmed") can point the reader at the line of YAML to fix, as a compiler would.
public struct CatalogLocation: Sendable, Hashable, CustomStringConvertible {
  /// The file name as given to the loader (usually a path relative to the repository).
  public var file: String
  /// 1-based line number.
  public var line: Int
  /// 1-based column number, counted in Unicode scalars as libyaml does.
  public var column: Int

  /// Creates a location.
  public init(file: String, line: Int, column: Int) {
    self.file = file
    self.line = line
    self.column = column
  }

  /// `file:line:column`, the form editors and terminals turn into links.
  public var description: String { "\(file):\(line):\(column)" }
}

/// One thing wrong in a catalog file, with the place to fix it.
public struct CatalogProblem: Sendable, Hashable, CustomStringConvertible {
  /// Where the mistake is.
  public var location: CatalogLocation
  /// What is wrong, worded as what to do about it.
  public var message: String

  /// Creates a problem report.
  public init(location: CatalogLocation, message: String) {
    self.location = location
    self.message = message
  }

  /// `file:line:column: error: message`.
  public var description: String { "\(location): error: \(message)" }
}

/// A catalog file could not be loaded; lists every problem found, in file order.
///
/// The loader keeps going after the first mistake so that one run shows everything to fix,
/// the way a compiler reports all errors in a file rather than the first.
public struct CatalogError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The problems, sorted by line then column.
  public var problems: [CatalogProblem]

  /// Creates an error from one or more problems (sorted into file order).
  public init(problems: [CatalogProblem]) {
    self.problems = problems.sorted {
      ($0.location.line, $0.location.column) < ($1.location.line, $1.location.column)
    }
  }

  /// One problem per line, each starting `file:line:column: error:`.
  public var description: String {
    problems.map(\.description).joined(separator: "\n")
  }
}
