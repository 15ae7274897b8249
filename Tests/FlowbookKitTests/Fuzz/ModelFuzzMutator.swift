@testable import FlowbookKit

/// Breaks a real YAML file in the ways people and tools break files: tokens swapped,
/// numbers replaced by extremes, lines dropped, duplicated or re-indented, characters that
/// mean something to YAML inserted, anchors and aliases added (up to alias bombs).
struct ModelFuzzMutator {
  var random: SeededGenerator

  init(seed: UInt64) {
    random = SeededGenerator(seed: seed)
  }

  /// `text` with one to four mutations.
  mutating func mutate(_ text: String) -> String {
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    for _ in 0..<int(1...4) {
      guard !lines.isEmpty else { break }
      let index = int(0...(lines.count - 1))
      switch int(0...9) {
      case 0: lines.remove(at: index)
      case 1: lines.insert(lines[index], at: index)
      case 2: lines[index] = reindent(lines[index])
      case 3: lines[index] = replaceNumber(in: lines[index])
      case 4: swapTokens(&lines, index)
      case 5: lines[index] = insertCharacter(into: lines[index])
      case 6: alias(&lines, index)
      case 7: lines.insert(contentsOf: Self.laughs(int(2...9)), at: index)
      case 8: lines[index] = replaceNumber(in: replaceNumber(in: lines[index]))
      default: lines[index] = replaceWord(in: lines[index])
      }
    }
    return lines.joined(separator: "\n")
  }

  // MARK: - Mutations

  private mutating func reindent(_ line: String) -> String {
    switch int(0...3) {
    case 0: return "  " + line
    case 1: return String(line.drop { $0 == " " })
    case 2: return "\t" + line
    default: return line.hasPrefix(" ") ? String(line.dropFirst()) : " " + line
    }
  }

  /// Replaces one number of the line (digits with an optional point and exponent).
  private mutating func replaceNumber(in line: String) -> String {
    let characters = Array(line)
    var numbers: [Range<Int>] = []
    var index = 0
    while index < characters.count {
      guard characters[index].isNumber else {
        index += 1
        continue
      }
      let start = index
      while index < characters.count,
        characters[index].isNumber || characters[index] == "." || characters[index] == "e"
      {
        index += 1
      }
      numbers.append(start..<index)
    }
    guard !numbers.isEmpty else { return line }
    let range = pick(numbers)
    return String(characters[..<range.lowerBound]) + pick(Self.extremes)
      + String(characters[range.upperBound...])
  }

  private mutating func swapTokens(_ lines: inout [String], _ index: Int) {
    let other = int(0...(lines.count - 1))
    var first = lines[index].split(separator: " ", omittingEmptySubsequences: false)
    var second = lines[other].split(separator: " ", omittingEmptySubsequences: false)
    guard !first.isEmpty, !second.isEmpty else { return }
    let a = int(0...(first.count - 1))
    let b = int(0...(second.count - 1))
    if index == other {
      first.swapAt(a, b % first.count)
      lines[index] = first.joined(separator: " ")
    } else {
      (first[a], second[b]) = (second[b], first[a])
      lines[index] = first.joined(separator: " ")
      lines[other] = second.joined(separator: " ")
    }
  }

  private mutating func insertCharacter(into line: String) -> String {
    var characters = Array(line)
    let position = int(0...characters.count)
    characters.insert(pick(Self.significant), at: position)
    return String(characters)
  }

  /// Puts an anchor on one line's value and an alias to it on another's.
  private mutating func alias(_ lines: inout [String], _ index: Int) {
    guard let colon = lines[index].firstIndex(of: ":") else { return }
    let name = "a\(int(0...3))"
    var anchored = lines[index]
    anchored.insert(contentsOf: " &\(name)", at: anchored.index(after: colon))
    lines[index] = anchored
    let other = int(0...(lines.count - 1))
    if let otherColon = lines[other].firstIndex(of: ":") {
      lines[other] = String(lines[other][...otherColon]) + " *\(name)"
    } else {
      lines.insert("x\(int(0...9)): *\(name)", at: other)
    }
  }

  private mutating func replaceWord(in line: String) -> String {
    var words = line.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
    guard !words.isEmpty else { return line }
    words[int(0...(words.count - 1))] = pick(Self.words)
    return words.joined(separator: " ")
  }

  /// A billion-laughs block of `levels` levels, nine aliases each.
  static func laughs(_ levels: Int) -> [String] {
    var lines = ["l0: &l0 [x, x, x, x, x, x, x, x, x]"]
    for level in 1..<levels {
      let items = Array(repeating: "*l\(level - 1)", count: 9).joined(separator: ", ")
      lines.append("l\(level): &l\(level) [\(items)]")
    }
    return lines
  }

  // MARK: - Randomness and tables

  mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &random) }

  mutating func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }

  static let extremes = [
    "0", "-1", "1e300", "1e-320", "5e-324", "4.9e-324", "1e12", "1.7976931348623157e308",
    "1e19", "99999999999999999999", "-0", "1e308", "2.5", "1e9", "10001", "1e-9", ".5",
  ]
  static let significant: [Character] = Array(":-[]{}&*!|>'\"#%@,?~ \t")
  static let words = [
    "ms", "GB", "rps", "%", "rest", "use:", "branch:", "parallel:", "retry:", "path:",
    "kind:", "- ", "null", "~", "*", "&", "!!str", "true", "lambda", "dynamodb", "workload",
    "{", "}", "[", "]", "p:", "count:", "attempts:", "timeout:", "latency:", "histogram:",
  ]
}
