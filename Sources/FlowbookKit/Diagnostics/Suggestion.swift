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
    let needleLength = needle.utf8.count
    for candidate in Set(candidates) {
      // Cheap length filter first: most candidates are far off, and lower-casing and edit
      // distance are what make suggestions cost anything.
      let length = candidate.utf8.count
      let allowed = min(3, max(1, max(needleLength, length) / 3))
      let hay =
        candidate.utf8.contains(where: { $0 >= 65 && $0 <= 90 })
        ? candidate.lowercased() : candidate
      if abs(needleLength - length) > allowed && !(length > needleLength && hay.contains(needle))
        && !(length >= 3 && length < needleLength && needle.contains(hay))
      {
        continue
      }
      if hay == needle { continue }
      let contains = hay.contains(needle) || needle.contains(hay) && hay.count >= 3
      let distance = editDistance(needle, hay)
      guard distance <= allowed || contains else { continue }
      scored.append((distance - (contains ? 2 : 0), candidate))
    }
    return scored.sorted { ($0.score, $0.name) < ($1.score, $1.name) }.prefix(limit).map(\.name)
  }

  /// Edit distance counting an adjacent transposition as one edit (optimal string
  /// alignment), since `hepl` for `help` is one slip of the fingers, not two.
  /// - Complexity: O(m·n) time and memory.
  public static func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a)
    let b = Array(b)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    let width = b.count + 1
    var d = [Int](repeating: 0, count: (a.count + 1) * width)
    for i in 0...a.count { d[i * width] = i }
    for j in 0...b.count { d[j] = j }
    for i in 1...a.count {
      for j in 1...b.count {
        let cost = a[i - 1] == b[j - 1] ? 0 : 1
        var best = min(
          d[(i - 1) * width + j] + 1, d[i * width + j - 1] + 1,
          d[(i - 1) * width + j - 1] + cost)
        if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
          best = min(best, d[(i - 2) * width + j - 2] + 1)
        }
        d[i * width + j] = best
      }
    }
    return d[a.count * width + b.count]
  }
}
