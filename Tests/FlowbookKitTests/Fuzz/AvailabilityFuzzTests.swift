import Foundation
import Testing

@testable import FlowbookKit

/// Fuzzes `availability`'s arguments and the `availability` parameters it composes.
///
/// Each case is `availability` with up to five tokens drawn from flags, percentages,
/// numbers out of range, wrong units, stray symbols and junk, or a `set X.availability = V`
/// followed by `availability` on one of the seed models. Every case must answer with
/// finite numbers or give an `error:` with a caret; none may trap. Inputs that ever
/// crashed are kept in `CrashCorpus+Availability.swift` and run first.
@Suite struct AvailabilityFuzzTests {
  static let tokens = [
    "--objective", "--objective", "99.95%", "99.9%", "100%", "0%", "-5%", "150%", "0.999",
    "99.99", "5 ms", "1e309", "1e-300%", "nan", "inf", "--", "-", "objective", "%", "(",
    ")", "=", ",", "x", "1/0", "0/0", "99.9 % * 2", "\"text\"", "lambda.availability", "🙂",
    "dns", "100 rps", "--json", "1e9%", "99.999999999%",
  ]

  static let values = [
    "99.9%", "100%", "0%", "50%", "99.99999%", "1e-9%", "101%", "-1%", "5 ms", "nan", "1e309",
    "0.5", "\"x\"", "dns.availability", "lambda.availability * 2",
  ]

  @Test func argumentsAnswerOrGiveAnErrorWithACaret() throws {
    let harness = try CommandFuzzHarness()
    for line in AvailabilityCrashCorpus.cases { harness.run(line) }
    var generator = SeededGenerator(seed: 1_616)
    for _ in 0..<1_000 {
      var line = "availability"
      for _ in 0..<Int.random(in: 0...5, using: &generator) {
        line += " " + (Self.tokens.randomElement(using: &generator) ?? "")
      }
      harness.run(line)
    }
    let components = ["dns", "cdn", "waf", "alb", "api_gateway", "lambda", "ecs", "redis"]
    for _ in 0..<200 {
      let component = components.randomElement(using: &generator) ?? "dns"
      let value = Self.values.randomElement(using: &generator) ?? "99%"
      harness.run("set \(component).availability = \(value)")
      harness.run("availability --objective 99.95%")
      harness.run("expect availability >= 99%")
    }
    harness.report("availability")
  }
}
