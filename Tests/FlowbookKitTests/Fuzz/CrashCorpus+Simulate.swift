/// `simulate` commands that once crashed flowbook, kept as regression cases.
///
/// Each must now answer or give an error with a caret.
enum SimulateCrashCorpus {
  static let cases: [(line: String, why: String)] = [
    (
      "simulate 100 ms rate 1k rps replication 9e15",
      "a replication index of 9·10¹⁵ was accepted, and merge listed every index below it"
    ),
    ("simulate 100 ms rate 5e-324 rps", "printing a subnormal rate divided by 10^-324 = 0"),
    (
      "simulate mmc arrival 5e-324/s service 1/s customers 100",
      "printing a subnormal arrival rate in the queue's title"
    ),
    (
      "simulate mmc arrival 1/s service 1/s servers 1e12 customers 100",
      "a server table of 10¹² entries (24 TB) was allocated"
    ),
    ("simulate 100 ms rate 500 B/s", "a data rate under 1 KB/s in the error divided by zero"),
    ("simulate 100 ms rate 1 GB/month", "the same, at 380 B/s"),
    (
      "simulate 100 ms rate 50 rps fault lambda down at 10 ms for 1e19 s",
      "the recovery report converted the fault's end in buckets to Int"
    ),
    (
      "simulate 100 ms constant 50 rps bucket 30 ms step to 300 rps at 1 ms",
      "a last bucket reaching past the run's end carried a level backwards"
    ),
  ]
}
