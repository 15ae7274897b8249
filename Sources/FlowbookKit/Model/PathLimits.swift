/// The size of request path the analyses and the simulator accept, stated once.
///
/// Why bounds: a path is data, and a few lines can describe an enormous one. Segments that
/// `use:` each other twice per level double the path at every level (30 levels of a 1.7 KB
/// file are 2³⁰ hops); 24 two-armed branches in a row are 2²⁴ routes, each composed apart;
/// retries nested in retries multiply the attempts a request makes, and fan-outs the copies.
/// Each bound is far above any real request path (the golden path has 17 steps, 5 routes,
/// fan-out blocks one deep and 5 passes through its busiest hop) and low enough that every
/// analysis of a path at the bound answers in well under a second.
public enum PathLimits {
  /// Most steps (hops and blocks) in the path with every segment written out.
  public static let maximumSteps = 10_000
  /// Deepest nesting of blocks (branch, parallel, retry) and segment uses.
  public static let maximumNesting = 32
  /// Deepest nesting of `parallel` and `retry` blocks inside one another.
  public static let maximumRepeatNesting = 8
  /// Most routes (ways through the branches outside fan-outs and retries).
  public static let maximumRoutes = 1_000
  /// Most passes one request can make through one hop: the product of the fan-out counts
  /// and attempts of the blocks around it.
  public static let maximumPasses = 1_000_000.0
  /// Largest fan-out count of one `parallel` block.
  public static let maximumFanOut = 10_000.0
  /// Most attempts of one `retry` block (the latency engine's `RetryPolicy` bound).
  public static let maximumAttempts = 1_000.0
}
