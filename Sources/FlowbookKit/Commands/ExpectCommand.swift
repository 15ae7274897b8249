/// `expect`: a claim the notebook checks on every replay.
enum ExpectCommand {
  static let command = Command(
    name: "expect",
    synopsis: "expect VALUE ≈ VALUE ± TOLERANCE | expect VALUE (< <= > >= == !=) VALUE",
    summary: "state what must hold; replay reports it as held or broken",
    discussion: """
      Both sides are expressions over variables, model parameters and analysis results. \
      ≈ needs a tolerance: an amount in the same unit (± 5 ms) or a percentage of the \
      expected value (± 10%). For a fraction, write an absolute tolerance as a plain \
      number: expect hit ≈ 95% ± 0.01. Text compares with == and !=. A broken expectation \
      makes flowbook replay exit 1, even after --update rewrote the outputs. ~= and +- \
      may be typed for ≈ and ±.
      """,
    example: "let p99 = 87 ms\nexpect p99 ≈ 87 ms ± 10%\nexpect p99 < 100 ms",
    completion: .parameters,
    run: { arguments, _ in
      let expectation = try Expectation.parse(&arguments)
      let report = try expectation.check(with: arguments.evaluator)
      var line = Markup(report.held ? "held" : "broken", report.held ? .good : .warning)
      line.append(": " + report.text + " (actual ")
      line.append(report.actual, .value)
      line.append("; expected ")
      line.append(report.expected, .value)
      line.append(")")
      return .line(line, data: report.json)
    })
}
