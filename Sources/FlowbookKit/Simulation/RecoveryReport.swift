/// Whether a run came back to normal after its faults ended, or stayed amplified.
///
/// A *metastable* failure is one that outlives its trigger: the slowdown ends, but the
/// retries it caused keep the system overloaded, so the work done stays mostly wasted
/// (Bronson et al., "Metastable Failures in Distributed Systems", HotOS 2021; Huang et
/// al., "Metastable Failures in the Wild", OSDI 2022). The report compares the run's last
/// window with the window before the first fault, on two signs of it: **goodput** (the
/// share of arriving requests that succeed) and **load** on the faulted component (calls
/// per second, which include every retry), plus the end clients' attempts per request.
/// The baseline is the `settle` seconds before the first disturbance (a fault, or a spike
/// or step of the traffic).
/// Recovery is the first bucket after the faults end from which both stay within
/// tolerance for `settle` seconds.
public struct RecoveryReport: Sendable, Hashable {
  /// The component whose load is watched (the first faulted one), if any.
  public var component: String?
  /// When the faults start and end.
  public var faultStart: Double
  public var faultEnd: Double
  /// Goodput (ok ÷ arrivals) before the fault and over the last window.
  public var goodputBefore: Double
  public var goodputAfter: Double
  /// Calls per second to the component, before and over the last window.
  public var loadBefore: Double
  public var loadAfter: Double
  /// End-client attempts per request over the last window (1 without client retries).
  public var attemptsAfter: Double
  /// Seconds from the faults' end until both signs settled, if they did.
  public var recoveryTime: Double?

  /// Seconds the signs must hold to count as recovered, and the width of the windows.
  public static let settle = 10.0
  /// Goodput within half a percentage point and load within 10 % of before count as normal.
  ///
  /// The goodput margin is absolute: one tier melting down while the CDN answers
  /// 95 % of requests moves the whole path's goodput by a few points only.
  public static let goodputTolerance = 0.005
  public static let loadTolerance = 0.10

  /// Load after ÷ before (1 when there was none before).
  public var amplification: Double { loadBefore > 0 ? loadAfter / loadBefore : 1 }

  /// Whether the run was back to normal by its end.
  public var recovered: Bool { recoveryTime != nil }

  /// The report for a run whose faults all end before it does; nil otherwise (a lasting
  /// fault, or none).
  ///
  /// - Complexity: O(buckets).
  public init?(_ result: PathSimulationResult) {
    let scenario = result.scenario
    let timed = scenario.faults.filter { $0.duration != nil || $0.kind == .flush }
    guard let first = timed.map(\.start).min(), timed.count == scenario.faults.count else {
      return nil
    }
    let end = timed.map { fault in fault.end.isFinite ? fault.end : fault.start }.max() ?? first
    // A fault that lasts past the run (`for 1e19 s`) leaves nothing after it to measure,
    // and its end in buckets would not fit an Int.
    guard end < scenario.duration else { return nil }
    let series = result.series
    let width = series.bucketWidth
    let settleBuckets = max(1, Int((Self.settle / width).rounded()))
    // The baseline ends at the first disturbance, a traffic spike or step included.
    let traffic = scenario.traffic
    let disturbance =
      ([first] + traffic.spikes.map(\.start) + traffic.steps.map(\.start))
      .filter { $0 > scenario.warmUp }.min() ?? first
    // A fault may outlast the run (`for 1e19 s`): bucket indexes are clamped to the series.
    let buckets = 0...(series.bucketCount + 1)
    let beforeEnd = Int.clamped(disturbance / width, to: buckets)
    let beforeStart = max(
      Int.clamped(scenario.warmUp / width, rounding: .up, to: buckets),
      beforeEnd - settleBuckets)
    let lastStart = series.bucketCount - settleBuckets
    let endBucket = Int.clamped(end / width, rounding: .up, to: buckets)
    guard beforeEnd > beforeStart, lastStart >= endBucket else { return nil }
    component = scenario.faults.compactMap(\.component).first
    let calls = component.flatMap { result.calls(to: $0) }
    faultStart = first
    faultEnd = end
    func window(_ range: Range<Int>) -> (goodput: Double, load: Double, attempts: Double) {
      let arrivals = range.reduce(0.0) { $0 + Double(series.arrivals[$1]) }
      let ok = range.reduce(0.0) { $0 + Double(series.completions[$1]) }
      let load = calls.map { c in range.reduce(0.0) { $0 + Double(c[$1]) } } ?? 0
      let attempts = range.reduce(0.0) { $0 + Double(result.clientAttempts[$1]) }
      return (
        arrivals > 0 ? min(1, ok / arrivals) : 1, load / (Double(range.count) * width),
        arrivals > 0 && attempts > 0 ? attempts / arrivals : 1
      )
    }
    let before = window(beforeStart..<beforeEnd)
    let after = window(lastStart..<series.bucketCount)
    goodputBefore = before.goodput
    goodputAfter = after.goodput
    loadBefore = before.load
    loadAfter = after.load
    attemptsAfter = after.attempts
    recoveryTime = nil
    var start = endBucket
    while start + settleBuckets <= series.bucketCount {
      let held = window(start..<(start + settleBuckets))
      if isNormal(held.goodput, held.load) {
        recoveryTime = max(0, Double(start) * width - end)
        break
      }
      start += 1
    }
  }

  private func isNormal(_ goodput: Double, _ load: Double) -> Bool {
    let goodputOK = goodput >= goodputBefore - Self.goodputTolerance
    let loadOK = loadBefore == 0 || load <= loadBefore * (1 + Self.loadTolerance)
    return goodputOK && loadOK
  }
}
