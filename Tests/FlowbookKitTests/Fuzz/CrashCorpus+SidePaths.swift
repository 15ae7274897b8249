/// `side_paths:` sections that once broke the loader or the analyses, kept as regression
/// cases; each replaces the side paths of `SidePathFixtures.events` and must load or be
/// refused with an error, never trap.
enum SidePathCrashCorpus {
  static let cases: [(name: String, section: String)] = [
    ("empty mapping", "side_paths: {}\n"),
    ("null body", "side_paths:\n  a:\n"),
    ("records overflow", "side_paths:\n  a: {from: db, records: 1e308, path: [changes]}\n"),
    ("share not a number", "side_paths:\n  a: {from: db, share: .nan, path: [changes]}\n"),
    ("empty path", "side_paths:\n  a: {from: db, path: []}\n"),
  ]
}
