/// A `LatencyTree` flattened for batch Monte Carlo: nodes in an array, leaves precomputed.
///
/// Walking the enum once per request costs a pattern match, retains and releases at every
/// node; here each node runs once per *batch* over plain buffers, which keeps 10⁷ requests
/// within seconds even in a debug build. The semantics are `LatencyTree.sample(using:)`'s.
struct BatchProgram: Sendable {
  enum Node: Sendable {
    case leaf(LeafSampler, succeeds: Bool)
    case series([Int])
    case branch(cumulative: [Double], arms: [Int])
    case parallel([Int])
    case fanOut(count: Int, Int)
    case retry(Int, timeout: Double, backoffs: [LeafSampler])
  }

  static let batchSize = 8_192

  private(set) var nodes: [Node] = []
  private var root = 0

  init(_ tree: LatencyTree) {
    root = add(tree)
  }

  private mutating func add(_ tree: LatencyTree) -> Int {
    let node: Node
    switch tree {
    case .hop(let distribution):
      node = .leaf(LeafSampler(distribution), succeeds: true)
    case .failure(let distribution):
      node = .leaf(LeafSampler(distribution), succeeds: false)
    case .series(let parts):
      node = .series(parts.map { add($0) })
    case .branch(let arms):
      let kept = arms.filter { $0.weight > 0 }
      let total = kept.reduce(0) { $0 + $1.weight }
      var running = 0.0
      let cumulative = kept.map { arm -> Double in
        running += arm.weight / total
        return running
      }
      node = .branch(cumulative: cumulative, arms: kept.map { add($0.tree) })
    case .parallel(let parts):
      node = .parallel(parts.map { add($0) })
    case .fanOut(let count, let tree):
      node = .fanOut(count: count, add(tree))
    case .retry(let tree, let policy):
      node = .retry(
        add(tree), timeout: policy.timeout, backoffs: policy.backoffs.map(LeafSampler.init))
    }
    nodes.append(node)
    return nodes.count - 1
  }

  /// Draws `count` requests; returns the successes' histogram and the number of failures.
  func simulate(
    _ count: Int, _ generator: inout SeededGenerator
  ) -> (LatencyHistogram, Int) {
    var histogram = LatencyHistogram()
    var failures = 0
    let latency = UnsafeMutablePointer<Double>.allocate(capacity: Self.batchSize)
    let ok = UnsafeMutablePointer<Bool>.allocate(capacity: Self.batchSize)
    defer {
      latency.deallocate()
      ok.deallocate()
    }
    var done = 0
    while done < count {
      let batch = min(Self.batchSize, count - done)
      run(root, batch, latency, ok, &generator)
      failures += histogram.record(latency, where: ok, count: batch)
      done += batch
    }
    return (histogram, failures)
  }

  /// Fills latency[0..<count] and ok[0..<count] with independent draws of node `index`.
  private func run(
    _ index: Int, _ count: Int, _ latency: UnsafeMutablePointer<Double>,
    _ ok: UnsafeMutablePointer<Bool>, _ g: inout SeededGenerator
  ) {
    guard count > 0 else { return }
    switch nodes[index] {
    case .leaf(let sampler, let succeeds):
      sampler.fill(latency, count, &g)
      ok.update(repeating: succeeds, count: count)
    case .series(let parts):
      run(parts[0], count, latency, ok, &g)
      for part in parts.dropFirst() {
        withScratch(count) { time, fine in
          run(part, count, time, fine, &g)
          // A part after a failure does not run: its draw is discarded.
          var i = 0
          while i < count {
            if ok[i] {
              latency[i] += time[i]
              ok[i] = fine[i]
            }
            i += 1
          }
        }
      }
    case .branch(let cumulative, let arms):
      runBranch(cumulative, arms, count, latency, ok, &g)
    case .parallel(let parts):
      run(parts[0], count, latency, ok, &g)
      for part in parts.dropFirst() { join(part, count, latency, ok, &g) }
    case .fanOut(let copies, let part):
      run(part, count, latency, ok, &g)
      for _ in 1..<max(copies, 1) { join(part, count, latency, ok, &g) }
    case .retry(let part, let timeout, let backoffs):
      runRetry(part, timeout, backoffs, count, latency, ok, &g)
    }
  }

  /// Waits also for node `part`: latency = max, ok = both.
  private func join(
    _ part: Int, _ count: Int, _ latency: UnsafeMutablePointer<Double>,
    _ ok: UnsafeMutablePointer<Bool>, _ g: inout SeededGenerator
  ) {
    withScratch(count) { time, fine in
      run(part, count, time, fine, &g)
      var i = 0
      while i < count {
        if time[i] > latency[i] { latency[i] = time[i] }
        if !fine[i] { ok[i] = false }
        i += 1
      }
    }
  }

  /// Assigns each request an arm by one uniform, runs each arm on its share, scatters back.
  private func runBranch(
    _ cumulative: [Double], _ arms: [Int], _ count: Int,
    _ latency: UnsafeMutablePointer<Double>, _ ok: UnsafeMutablePointer<Bool>,
    _ g: inout SeededGenerator
  ) {
    let choice = UnsafeMutablePointer<Int>.allocate(capacity: count)
    defer { choice.deallocate() }
    var shares = [Int](repeating: 0, count: arms.count)
    cumulative.withUnsafeBufferPointer { bounds in
      // Two choices per 64-bit draw, 32 bits each: arm weights resolve to 2.3e-10, and
      // the generator is the dearest step of a debug-build Monte Carlo.
      var i = 0
      var bits: UInt64 = 0
      while i < count {
        if i & 1 == 0 { bits = g.next() }
        let half = i & 1 == 0 ? bits &>> 32 : bits & 0xFFFF_FFFF
        let u = Double(half) * 0x1p-32
        var arm = 0
        while arm < bounds.count - 1 && u >= bounds[arm] { arm += 1 }
        choice[i] = arm
        i += 1
      }
    }
    var i = 0
    while i < count {
      shares[choice[i]] += 1
      i += 1
    }
    for (arm, node) in arms.enumerated() where shares[arm] > 0 {
      withScratch(shares[arm]) { time, fine in
        run(node, shares[arm], time, fine, &g)
        var (i, next) = (0, 0)
        while i < count {
          if choice[i] == arm {
            latency[i] = time[next]
            ok[i] = fine[next]
            next += 1
          }
          i += 1
        }
      }
    }
  }

  /// The retry loop of `RetryPolicy`, re-running only the requests still trying.
  private func runRetry(
    _ part: Int, _ timeout: Double, _ backoffs: [LeafSampler], _ count: Int,
    _ latency: UnsafeMutablePointer<Double>, _ ok: UnsafeMutablePointer<Bool>,
    _ g: inout SeededGenerator
  ) {
    let active = UnsafeMutablePointer<Int>.allocate(capacity: count)
    let elapsed = UnsafeMutablePointer<Double>.allocate(capacity: count)
    defer {
      active.deallocate()
      elapsed.deallocate()
    }
    var start = 0
    while start < count {
      active[start] = start
      start += 1
    }
    elapsed.update(repeating: 0, count: count)
    var trying = count
    for attempt in 0...backoffs.count where trying > 0 {
      withScratch(trying) { time, fine in
        run(part, trying, time, fine, &g)
        var (j, still) = (0, 0)
        while j < trying {
          defer { j += 1 }
          let i = active[j]
          if fine[j] && time[j] <= timeout {
            latency[i] = elapsed[i] + time[j]
            ok[i] = true
            continue
          }
          elapsed[i] += !fine[j] && time[j] < timeout ? time[j] : timeout
          if attempt == backoffs.count {
            latency[i] = elapsed[i]
            ok[i] = false
          } else {
            elapsed[i] += backoffs[attempt].draw(&g)
            active[still] = i
            still += 1
          }
        }
        trying = still
      }
    }
  }

  private func withScratch(
    _ count: Int,
    _ body: (UnsafeMutablePointer<Double>, UnsafeMutablePointer<Bool>) -> Void
  ) {
    let time = UnsafeMutablePointer<Double>.allocate(capacity: count)
    let fine = UnsafeMutablePointer<Bool>.allocate(capacity: count)
    defer {
      time.deallocate()
      fine.deallocate()
    }
    body(time, fine)
  }
}
