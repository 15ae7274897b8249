/// `simulate` commands that once crashed flowbook, kept as regression cases: each must
/// now answer or give an error with a caret.
enum SimulateCrashCorpus {
  static let cases: [(line: String, why: String)] = [
    (
      "simulate 100 ms rate 1k rps replication 9e15 shard \"/tmp/flowbook-corpus.shard\"",
      "a replication index of 9·10¹⁵ was accepted, and merge listed every index below it"
    )
  ]
}
