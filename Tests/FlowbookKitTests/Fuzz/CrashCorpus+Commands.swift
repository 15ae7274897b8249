/// Every expression and command line that ever crashed or overflowed the stack of
/// flowbook, kept as regression cases for `CommandFuzzTests.crashCorpus`.
///
/// `$SCRATCH` stands for the test's scratch folder. Add a line here whenever a fuzz run
/// or a report finds a new crash, with the exit it had (132: a trap, 139: a stack
/// overflow) in a comment.
enum CrashCorpus {
  static let commands: [String] = [
    // Issue 13, item 3: data rates under 1 KB/s (132, the display ladder's 0 factor).
    "1 GB/month",
    "500 B/s",
    // Subnormal and huge values (132: a scientific form divided by 10^-324 = 0).
    "4.9e-324",
    "let a = 5e-324",
    "cache lru redis 1.7976931348623157e308",
    "failover region share 1e-320",
    // Int conversions (132).
    "failover region writes 1e100 /min",
    "simulate 2 s rate 100 rps fault dynamodb down at 1 s for 1e19 s",
    // An allocation sized by input (134: 24 TB for the event queue).
    "simulate mmc arrival 9/s service 1/s servers 1e12 customers 100",
    // A unit's power past Int8 (132).
    "(1 s^16)^16",
    // Found by CommandFuzzTests: a loop of 10^22 breaker probes (a hang).
    "failover dependency dynamodb for 68.05e19 h",
    // Found by CI's CommandFuzzTests: 10^18 batches in flight summed term by term (72 min),
    // and past 2^63 an Int trap.
    "queue sqs concurrency 100 processing 10B year",
    "queue sqs concurrency 1e300 processing 1e300 year",
  ]
}
