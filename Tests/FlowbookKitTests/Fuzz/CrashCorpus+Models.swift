/// Every model file and catalog that ever crashed, hung or exhausted flowbook, kept as
/// regression cases for `ModelFuzzTests.everyInputThatEverCrashedAnswersOrErrs`.
///
/// Add an input here whenever a fuzz run or a report finds a new one, with what it did (a
/// trap, a stack overflow, a hang) in a comment.
enum ModelCrashCorpus {
  static let models: [String] = []
  static let prices: [String] = []
  static let quotas: [String] = []
}
