import Quantities

/// Turns logical IDs (`OrdersQueue`, `aws_sqs_queue.orders`) into component names the model
/// format accepts (`orders_queue`, `orders`): letters, digits and `_`, not a unit, not
/// `workload`, each used once.
struct ComponentNames {
  private var used: Set<String> = [ParameterAddress.workloadName]

  /// A fresh name for `id`, preferring `preferred` when given.
  /// - Parameters:
  ///   - id: the logical ID.
  ///   - preferred: a shorter name to try first (Terraform's resource name).
  /// - Returns: A unique valid name.
  mutating func name(for id: String, preferred: String? = nil) -> String {
    let candidates = [preferred.map(Self.snakeCase), Self.snakeCase(id)].compactMap { $0 }
    for candidate in candidates where isFree(candidate) {
      used.insert(candidate)
      return candidate
    }
    let base = candidates.last ?? "component"
    var index = 2
    while !isFree("\(base)_\(index)") { index += 1 }
    used.insert("\(base)_\(index)")
    return "\(base)_\(index)"
  }

  /// Claims `name` if it is free.
  /// - Parameter name: the name wanted.
  /// - Returns: `name`, or a numbered variant when taken.
  mutating func claim(_ name: String) -> String {
    guard isFree(name) else { return self.name(for: name) }
    used.insert(name)
    return name
  }

  private func isFree(_ name: String) -> Bool {
    !name.isEmpty && !used.contains(name) && UnitTable.lookup(name) == nil
  }

  /// `OrdersAPIFunction` → `orders_api_function`; anything not a letter or digit → `_`.
  /// - Parameter id: the identifier.
  /// - Returns: The snake-case name, starting with a letter (prefixed `r_` if needed).
  static func snakeCase(_ id: String) -> String {
    var out = ""
    let characters = Array(id.prefix(80))
    for (index, character) in characters.enumerated() {
      guard character.isASCII, character.isLetter || character.isNumber else {
        if !out.isEmpty, out.last != "_" { out.append("_") }
        continue
      }
      if character.isUppercase, index > 0, !out.isEmpty, out.last != "_" {
        let previous = characters[index - 1]
        let next = index + 1 < characters.count ? characters[index + 1] : nil
        if previous.isLowercase || previous.isNumber || (next?.isLowercase ?? false) {
          out.append("_")
        }
      }
      out.append(Character(character.lowercased()))
    }
    while out.hasSuffix("_") { out.removeLast() }
    if out.first.map({ !$0.isLetter }) ?? true { out = "r_" + out }
    return out
  }
}
