/// Every model file and catalog that ever crashed, hung or exhausted flowbook, kept as
/// regression cases for `ModelFuzzTests.everyInputThatEverCrashedAnswersOrErrs`.
///
/// Add an input here whenever a fuzz run or a report finds a new one, with what it did (a
/// trap, a stack overflow, a hang) in a comment.
enum ModelCrashCorpus {
  static let models: [String] = [
    // A peak of 5e-324 rps: the message quoting the subnormal value trapped (132).
    """
    flowbook: 1
    components:
      c1: {kind: storage, latency: {mean: 12 ms}}
    workload: {rate: 10k rps, peak: 5e-324 rps}
    path: [c1]
    """,
    // A fraction of 1.8e308 %: quoting it as a percentage overflowed to infinity (132).
    """
    flowbook: 1
    components:
      f: {kind: function, latency: 5 ms, cold_start_rate: 1.7976931348623157e308-324%}
    path: [f]
    """,
    // Retries nested 20 deep around a lognormal: the latency engine trapped (132).
    "flowbook: 1\ncomponents:\n  a: {kind: service, latency: {p50: 5 ms, p99: 20 ms}}\n"
      + "path: " + String(repeating: "[{retry: {timeout: 50 ms, attempts: 3, path: ", count: 20)
      + "[a]" + String(repeating: "}}]", count: 20) + "\n",
    // Segments using each other twice per level, 30 levels: never finished loading.
    "flowbook: 1\ncomponents:\n  a: {kind: service, latency: 1 ms}\nsegments:\n  s0: [a, a]\n"
      + (1..<30).map { "  s\($0): [{use: s\($0 - 1)}, {use: s\($0 - 1)}]\n" }.joined()
      + "path: [{use: s29}]\n",
    // Billion laughs: nine aliases of nine aliases, nine levels (25 s, 1.7 GB).
    "flowbook: 1\ncomponents:\n  a: {kind: service, latency: 1 ms}\nsources:\n"
      + "  - x0: &x0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
      + (1..<10).map {
        "  - x\($0): &x\($0) [" + Array(repeating: "*x\($0 - 1)", count: 9).joined(separator: ", ")
          + "]\n"
      }.joined() + "path: [a]\n",
    // A histogram whose weights are all 0: the engine's precondition trapped (132).
    """
    flowbook: 1
    components:
      a: {kind: service, latency: {histogram: [{from: 0 ms, to: 5 ms, weight: 0}]}}
    workload: {rate: 1k rps}
    path: [a]
    """,
    // A latency of 1e300 s: grids sized by the latency.
    """
    flowbook: 1
    components:
      a: {kind: service, latency: {p50: 1e300 s, p99: 2e300 s}, tasks: 1e12}
    workload: {rate: 1k rps}
    path: [a]
    """,
  ]
  static let prices: [String] = []
  static let quotas: [String] = []
}
