/// The one "did you mean" function, for commands, parameter addresses, units and names.
///
/// Rules after Numbat's: compare lower-cased, accept an edit distance of at most 3 (and at
/// most a third of the longer name), rank names that contain the input (or that it
/// contains) first, and suggest nothing for inputs under 3 characters, where every short
/// name would be "near".
public enum Suggestion {
  public static func nearest(to input: String, among candidates: [String], limit: Int = 3)
    -> [String]
  {
    let needle = input.lowercased()
    guard needle.count >= 3 else { return [] }
    var scored: [(score: Int, name: String)] = []
    for candidate in Set(candidates) {
      let hay = candidate.lowercased()
      if hay == needle { continue }
      let distance = editDistance(needle, hay)
      let contains = hay.contains(needle) || needle.contains(hay) && hay.count >= 3
      let allowed = min(3, max(1, max(needle.count, hay.count) / 3))
      guard distance <= allowed || contains else { continue }
      scored.append((distance - (contains ? 2 : 0), candidate))
    }
    return scored.sorted { ($0.score, $0.name) < ($1.score, $1.name) }.prefix(limit).map(\.name)
  }

  /// Levenshtein distance over characters.
  /// - Complexity: O(m·n) time, O(n) memory.
  public static func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a)
    let b = Array(b)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
      current[0] = i
      for j in 1...b.count {
        let cost = a[i - 1] == b[j - 1] ? 0 : 1
        current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
      }
      swap(&previous, &current)
    }
    return previous[b.count]
  }
}
