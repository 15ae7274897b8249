/// Per-interval counters of a simulation run (arrivals, completions, throttles, errors,
/// peak concurrency, peak queue depth, p99 latency), in memory fixed by the run's
/// duration and never by its number of requests.
///
/// An incident question is about *when*: when does concurrency hit the limit, how long
/// does the backlog take to drain. A time series answers it with one bucket per
/// `bucketWidth` seconds (1 s by default). Each bucket's latencies go into a one-digit
/// HDR histogram (≈ 6 % resolution, a few hundred bytes to 2 KiB once latencies reach
/// seconds), enough for a p99 line on a chart; exact percentiles come from the run's
/// three-digit `StreamingHistogram`. Memory is about 0.5–2 KiB a bucket: an hour at
/// 1 s buckets is a few MiB; use wider buckets for day-long runs.
///
/// Peaks are levels, not events: a level that holds through buckets with no events
/// (a long batch keeping 10 functions busy) still counts in each of them, because every
/// observation first carries the previous level forward. Observations must therefore
/// come in time order, as a simulation produces them; call `close(at:)` at the end.
public struct TimeSeries: Sendable, Equatable {
  /// Seconds per bucket.
  public let bucketWidth: Double
  /// Number of buckets: the run's duration divided by the width, rounded up.
  public let bucketCount: Int

  /// Requests that arrived in each bucket.
  public private(set) var arrivals: [UInt64]
  /// Requests that completed in each bucket.
  public private(set) var completions: [UInt64]
  /// Requests rejected by a limit (throttled) in each bucket.
  public private(set) var throttles: [UInt64]
  /// Requests that failed in each bucket.
  public private(set) var errors: [UInt64]
  /// The highest concurrency (requests in service) during each bucket.
  public private(set) var maxConcurrency: [Int]
  /// The longest queue (requests waiting) during each bucket.
  public private(set) var maxQueueDepth: [Int]
  /// Latencies of the requests completed in each bucket (one significant digit).
  public private(set) var latencies: [StreamingHistogram]
  /// Records that fell at or after the end of the series (and were otherwise dropped).
  public private(set) var outOfRange: UInt64 = 0

  private var concurrency = Level()
  private var queueDepth = Level()

  /// Creates an empty series covering `[0, duration)`.
  ///
  /// - Parameters:
  ///   - duration: Seconds covered; > 0.
  ///   - bucketWidth: Seconds per bucket; > 0; at most 10⁷ buckets.
  public init(duration: Double, bucketWidth: Double = 1) {
    precondition(duration > 0 && duration.isFinite, "duration must be > 0, got \(duration)")
    precondition(bucketWidth > 0, "bucket width must be > 0, got \(bucketWidth)")
    let buckets = (duration / bucketWidth).rounded(.up)
    precondition(buckets <= 1e7, "\(buckets) buckets: use a wider bucket")
    self.bucketWidth = bucketWidth
    self.bucketCount = Int(buckets)
    arrivals = Array(repeating: 0, count: bucketCount)
    completions = arrivals
    throttles = arrivals
    errors = arrivals
    maxConcurrency = Array(repeating: 0, count: bucketCount)
    maxQueueDepth = maxConcurrency
    latencies = Array(repeating: StreamingHistogram(significantDigits: .one), count: bucketCount)
  }

  /// The bucket holding time `time`, or `nil` outside `[0, duration)`.
  ///
  /// - Complexity: O(1).
  @inline(__always)
  public func bucket(at time: Double) -> Int? {
    let index = time / bucketWidth
    guard index >= 0, index < Double(bucketCount) else { return nil }
    return Int(index)
  }

  // MARK: - Recording

  /// Counts one arrival at `time`.
  public mutating func recordArrival(at time: Double) {
    count(\.arrivals, at: time)
  }

  /// Counts one completion at `time` and records its end-to-end latency.
  public mutating func recordCompletion(at time: Double, latency: Double) {
    guard let index = bucket(at: time) else {
      outOfRange &+= 1
      return
    }
    completions[index] &+= 1
    latencies[index].record(latency)
  }

  /// Counts one arrival in bucket `index` (from `bucket(at:)`), for callers that
  /// already know the bucket: the path simulator finds it once per request with a
  /// multiplication rather than a division per record.
  @inline(__always)
  public mutating func recordArrival(inBucket index: Int) {
    arrivals[index] &+= 1
  }

  /// Counts one completion in bucket `index` and records its latency.
  @inline(__always)
  public mutating func recordCompletion(inBucket index: Int, latency: Double) {
    completions[index] &+= 1
    latencies[index].record(latency)
  }

  /// Counts one throttled (rejected for a limit) request at `time`.
  public mutating func recordThrottle(at time: Double) {
    count(\.throttles, at: time)
  }

  /// Counts one failed request at `time`.
  public mutating func recordError(at time: Double) {
    count(\.errors, at: time)
  }

  /// Notes that concurrency (requests in service) became `level` at `time`.
  ///
  /// - Complexity: O(1) amortised over a run (each bucket is carried over once).
  public mutating func observeConcurrency(_ level: Int, at time: Double) {
    concurrency.observe(level, at: bucket(at: time) ?? bucketCount, into: &maxConcurrency)
  }

  /// Notes that the queue (requests waiting) became `depth` long at `time`.
  public mutating func observeQueueDepth(_ depth: Int, at time: Double) {
    queueDepth.observe(depth, at: bucket(at: time) ?? bucketCount, into: &maxQueueDepth)
  }

  /// Carries the last levels forward to `time` (the run's end).
  public mutating func close(at time: Double) {
    // Requests still draining after the run's end may have been seen past `time` (a
    // last bucket that reaches beyond the end, `bucket 30 ms` in a 100 ms run): a level
    // is never carried backwards.
    let index = bucket(at: time) ?? bucketCount
    concurrency.observe(
      concurrency.value, at: max(index, concurrency.bucket), into: &maxConcurrency)
    queueDepth.observe(queueDepth.value, at: max(index, queueDepth.bucket), into: &maxQueueDepth)
  }

  private mutating func count(
    _ column: WritableKeyPath<TimeSeries, [UInt64]>, at time: Double
  ) {
    guard let index = bucket(at: time) else {
      outOfRange &+= 1
      return
    }
    self[keyPath: column][index] &+= 1
  }

  // MARK: - Reading

  /// One bucket's figures.
  public struct Bucket: Sendable, Equatable {
    /// The bucket's start in simulated seconds.
    public var start: Double
    /// Requests that arrived.
    public var arrivals: UInt64
    /// Requests that completed.
    public var completions: UInt64
    /// Requests throttled.
    public var throttles: UInt64
    /// Requests that failed.
    public var errors: UInt64
    /// The highest concurrency.
    public var maxConcurrency: Int
    /// The longest queue.
    public var maxQueueDepth: Int
    /// The bucket's 99th-percentile latency in seconds (≈ 6 % resolution); 0 if none.
    public var p99Latency: Double
  }

  /// The figures of bucket `index`.
  ///
  /// - Complexity: O(b) for the b buckets of the one-digit histogram (a few hundred).
  public subscript(index: Int) -> Bucket {
    Bucket(
      start: Double(index) * bucketWidth, arrivals: arrivals[index],
      completions: completions[index], throttles: throttles[index], errors: errors[index],
      maxConcurrency: maxConcurrency[index], maxQueueDepth: maxQueueDepth[index],
      p99Latency: latencies[index].percentile(99))
  }

  /// Adds another replication's series of the same shape: counts add, peaks take the
  /// larger, latency histograms merge.
  ///
  /// - Complexity: O(n·b) for n buckets.
  public mutating func merge(_ other: TimeSeries) {
    precondition(
      bucketWidth == other.bucketWidth && bucketCount == other.bucketCount,
      "cannot merge series of \(bucketCount)×\(bucketWidth) s and "
        + "\(other.bucketCount)×\(other.bucketWidth) s")
    for index in 0..<bucketCount {
      arrivals[index] &+= other.arrivals[index]
      completions[index] &+= other.completions[index]
      throttles[index] &+= other.throttles[index]
      errors[index] &+= other.errors[index]
      maxConcurrency[index] = Swift.max(maxConcurrency[index], other.maxConcurrency[index])
      maxQueueDepth[index] = Swift.max(maxQueueDepth[index], other.maxQueueDepth[index])
      latencies[index].merge(other.latencies[index])
    }
    outOfRange &+= other.outOfRange
  }
}

/// A piecewise-constant level (concurrency, queue depth) and the bucket it was last seen
/// in, so that peaks can be carried across buckets without events.
private struct Level: Sendable, Equatable {
  var value = 0
  var bucket = 0

  mutating func observe(_ newValue: Int, at index: Int, into peaks: inout [Int]) {
    // Observations come in time order; one out of order (a NaN or negative time from a
    // degenerate model, found by CommandFuzzTests) counts in the current bucket instead
    // of ending the process.
    let index = Swift.max(index, bucket)
    // The old level held from the last observation until now: through every bucket
    // from the last one up to and including the current one.
    let end = Swift.min(index, peaks.count - 1)
    var carry = bucket
    while carry <= end {
      peaks[carry] = Swift.max(peaks[carry], value)
      carry += 1
    }
    if index < peaks.count { peaks[index] = Swift.max(peaks[index], newValue) }
    value = newValue
    bucket = index
  }
}
