/// `availability` inputs that once crashed or misbehaved, run first by
/// `AvailabilityFuzzTests`; each must now answer or give an error with a caret.
enum AvailabilityCrashCorpus {
  static let cases: [String] = [
    "availability --objective",
    "availability --objective 100%",
    "availability --objective 1e309",
    "availability --objective 0/0",
  ]
}
