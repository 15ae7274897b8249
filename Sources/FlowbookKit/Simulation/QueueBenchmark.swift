import Foundation

/// One size of the kernel benchmark: throughput and memory at a number of customers.
public struct QueueBenchmarkRow: Sendable {
  /// Customers simulated (measured; a tenth more run as warm-up).
  public var customers: Int
  /// Events the kernel handled.
  public var events: UInt64
  /// Wall-clock seconds (monotonic clock).
  public var wallClockSeconds: Double
  /// CPU seconds the benchmarking thread used (`CLOCK_THREAD_CPUTIME_ID`): on a machine
  /// shared with other work this, not the wall clock, says what one core can do.
  public var cpuSeconds: Double
  /// Peak resident memory of the process during this size (`VmHWM`), in bytes, when
  /// the system reports it.
  public var peakResidentBytes: Int?
  /// Mean wait of the run, so the work cannot be optimised away and sizes can be compared.
  public var meanWaitSeconds: Double

  /// Events per wall-clock second on one core.
  public var eventsPerSecond: Double {
    wallClockSeconds > 0 ? Double(events) / wallClockSeconds : 0
  }

  /// Events per CPU second of the simulating thread.
  public var eventsPerCPUSecond: Double {
    cpuSeconds > 0 ? Double(events) / cpuSeconds : 0
  }
}

/// The `bench` command's measurement: M/M/c events per second on one core and peak
/// memory as the number of customers grows.
///
/// The simulator's promise is throughput in the millions of events per second with
/// memory that does not grow with the number of requests. Running the same M/M/c at
/// 10⁶, 10⁷ and 10⁸ customers shows both: events per second should hold steady and peak
/// resident memory should stay flat. Before each size the kernel's peak counter is reset
/// by writing 5 to `/proc/self/clear_refs` (Linux ≥ 4.0, proc(5)), so each row's
/// `VmHWM` is that size's own peak; where that is not allowed the peak is the process's
/// running maximum, which is still flat if memory is. Build with `-c release`: a debug
/// build is 10–50× slower.
public enum QueueBenchmark {
  /// Runs M/M/c (λ = 9/s, μ = 1/s, c = 10 by default: ρ = 0.9) at each customer count
  /// on the calling thread.
  ///
  /// - Complexity: O(Σ n) time; memory independent of n.
  public static func run(
    customerCounts: [Int] = [1_000_000, 10_000_000], arrivalRate: Double = 9,
    serviceRate: Double = 1, servers: Int = 10, seed: UInt64 = 1
  ) throws(QueueSimulationError) -> [QueueBenchmarkRow] {
    var rows: [QueueBenchmarkRow] = []
    for customers in customerCounts {
      resetPeakResidentMemory()
      let cpuStart = threadCPUSeconds()
      let result = try QueueSimulation.mmc(
        arrivalRate: arrivalRate, serviceRate: serviceRate, servers: servers,
        customers: customers, seed: seed)
      rows.append(
        QueueBenchmarkRow(
          customers: customers, events: result.events,
          wallClockSeconds: result.wallClockSeconds, cpuSeconds: threadCPUSeconds() - cpuStart,
          peakResidentBytes: peakResidentBytes(), meanWaitSeconds: result.meanWaitSeconds))
    }
    return rows
  }

  /// CPU time used so far by the calling thread, in seconds.
  static func threadCPUSeconds() -> Double {
    var time = timespec()
    guard clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time) == 0 else { return 0 }
    return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
  }

  /// The process's peak resident set (`VmHWM` in `/proc/self/status`) in bytes, or `nil`
  /// where there is no such file.
  public static func peakResidentBytes() -> Int? {
    statusField("VmHWM:")
  }

  /// Asks Linux to restart the peak resident set count; `false` if not allowed.
  @discardableResult
  public static func resetPeakResidentMemory() -> Bool {
    guard let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else {
      return false
    }
    defer { try? handle.close() }
    do {
      try handle.write(contentsOf: Data("5".utf8))
      return true
    } catch {
      return false
    }
  }

  private static func statusField(_ name: String) -> Int? {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)
    else { return nil }
    for line in status.split(separator: "\n") where line.hasPrefix(name) {
      let fields = line.split(separator: " ", omittingEmptySubsequences: true)
      guard fields.count >= 2, let kilobytes = Int(fields[1]) else { return nil }
      return kilobytes * 1024
    }
    return nil
  }
}
