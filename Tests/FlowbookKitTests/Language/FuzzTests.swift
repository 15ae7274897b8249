import Testing

@testable import FlowbookKit

/// Feeds generated and mutated inputs to the whole evaluate path: nothing may crash, and
/// every failure must be a diagnostic that renders as an `error:` line with a caret.
@Test func hundredThousandGeneratedAndMutatedInputs() {
  let seeds = [
    "2.5M rps * 45 ms", "$3.50 / 1M req * 10B req/month -> $/month", "1769 MB -> GB",
    "let x = 3 ms", "x * 2 + 5 ms", "max(1 s, 2 ms)", "(1 - 95%) * 850k rps",
    "1,769 MB * 45 ms -> GB-s", "2^10", "help units", "vars", "1e-3 s in µs", "\"text\"",
  ]
  let alphabet = Array("0123456789.,+-*/^()$%kMBGT msrpsreqGBhelpletx=->in ;\"µ≈±×\\#@_")
  var generator = SeededGenerator(seed: 2026)
  var failures = 0
  let session = Session()
  for index in 0..<100_000 {
    var input = Array(seeds[index % seeds.count])
    let mutations = 1 + Int(generator.next() % 4)
    for _ in 0..<mutations {
      let position = input.isEmpty ? 0 : Int(generator.next() % UInt64(input.count + 1))
      switch generator.next() % 4 {
      case 0: input.insert(alphabet[Int(generator.next() % UInt64(alphabet.count))], at: position)
      case 1: if position < input.count { input.remove(at: position) }
      case 2:
        if position < input.count {
          input[position] = alphabet[Int(generator.next() % UInt64(alphabet.count))]
        }
      default:
        let other = Array(seeds[Int(generator.next() % UInt64(seeds.count))])
        input.insert(contentsOf: other.prefix(Int(generator.next() % 8)), at: position)
      }
    }
    let text = String(input)
    let cell = session.execute(text)
    if !cell.succeeded {
      failures += 1
      let output = cell.plainOutput
      if !output.hasPrefix("error: ") {
        Issue.record(
          "input \(index) \(text.debugDescription) failed without an error line: \(output)")
        return
      }
    } else if case .success(let result) = cell.outcome {
      let printed = PlainTextRenderer.render(result)
      let words = printed.lowercased().split(whereSeparator: { !$0.isLetter })
      if words.contains(where: { ["nan", "inf", "infinity"].contains($0) }) {
        Issue.record("input \(text.debugDescription) printed \(printed)")
      }
    }
  }
  #expect(failures > 10_000, "the mutations should break many inputs; only \(failures) failed")
}
