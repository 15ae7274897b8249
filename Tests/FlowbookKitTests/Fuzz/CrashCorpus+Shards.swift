/// Shard files that once crashed `flowbook merge`, kept as regression cases.
///
/// Each is a
/// list of files merged in order, given as their bodies (the fuzz test adds the correct
/// `end BYTES SHA256` line, so they reach the checks behind the checksum). Each must now
/// merge or be refused with an error; none may trap.
enum ShardCrashCorpus {
  static let cases: [(name: String, files: [String])] = [
    (
      // A zero run of −2⁶³ counts: negating the word trapped.
      "zero run of Int64.min",
      [
        "flowbook-shard 2\ncounter customers 1\nhistogram response_s 0x0p+0 "
          + "HISTFAAAADx4AQExAM7/HISTEwAAAAkAAAAAAAAAAwAAAAAAAAABAAAAAAAQAAA+ES4L6CbWlf///////////5HPDVw=\n"
      ]
    ),
    (
      // Three zero runs of 2⁶² counts: the bucket index overflowed Int and trapped.
      "zero runs past Int.max",
      [
        "flowbook-shard 2\ncounter customers 1\nhistogram response_s 0x0p+0 "
          + "HISTFAAAAE94AQFEALv/HISTEwAAABwAAAAAAAAAAwAAAAAAAAABQAAAAAAAAAA+ES4L6CbWlf//////////"
          + "f///////////f///////////fwJInR4P\n"
      ]
    ),
    (
      // Two shards whose counters add past 2⁶⁴ − 1: `+` trapped in the merge.
      "counters overflowing in the merge",
      [
        "flowbook-shard 2\nrun r\nreplication 0\ncounter arrived 18446744073709551615\n",
        "flowbook-shard 2\nrun r\nreplication 1\ncounter arrived 1\n",
      ]
    ),
    (
      // A two-digit histogram merged into a three-digit one: HdrHistogram's `add`
      // preconditions equal layouts.
      "histograms of two precisions",
      [
        "flowbook-shard 2\nhistogram response_s 0x0p+0 "
          + "HISTFAAAADV4AQEqANX/HISTEwAAAAIAAAAAAAAAAgAAAAAAAAABAAAAAAAQAAA+ES4L6CbWlQkCRT0EaA==\n",
        "flowbook-shard 2\nhistogram response_s 0x0p+0 "
          + "HISTFAAAADV4AQEqANX/HISTEwAAAAIAAAAAAAAAAwAAAAAAAAABAAAAAAAQAAA+ES4L6CbWlQkCRVgEaQ==\n",
      ]
    ),
    (
      // Replication 9·10¹⁵: the summary listed every missing index below it.
      "replication index of 9e15",
      ["flowbook-shard 2\nrun r\nreplication 9000000000000000\ncounter arrived 1\n"]
    ),
  ]
}
