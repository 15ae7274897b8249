import ArgumentParser
import FlowbookKit
import Foundation

/// `flowbook bench`: the simulator's speed and memory, measured (not timed tests).
///
/// Three measurements, each printed with the wall clock and the process's CPU time (on a
/// machine shared with other work the CPU time says what the cores did, the wall clock
/// what a user waited):
/// 1. an M/M/c queue (λ = 9/s, μ = 1/s, c = 10) on one core, events per second;
/// 2. peak resident memory of the same queue at 10⁶ and 10⁸ customers, and of the golden
///    path at 10⁶ and 1.5 × 10⁸ requests: flat, since nothing is kept per request;
/// 3. one simulated minute of the golden path at the seed's 2.5 M rps Prime Day peak.
/// Build with `swift build -c release`: a debug build is many times slower.
struct Bench: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Measure the simulator: events/s, memory at 10^6 vs 10^8 requests, Prime Day.")

  @Flag(help: "Smaller sizes (10^6 and 10^7 customers, 6 s of Prime Day): a quick look.")
  var quick = false

  func run() throws {
    #if DEBUG
    Output.error("warning: a debug build; run `swift build -c release` for real figures")
    #endif
    let counts = quick ? [1_000_000, 10_000_000] : [1_000_000, 10_000_000, 100_000_000]
    Output.standard("M/M/c, λ = 9/s, μ = 1/s, c = 10 (ρ = 0.9), one core:")
    Output.standard("customers      events        wall s   CPU s    events/s (CPU)  peak RSS")
    let rows: [QueueBenchmarkRow]
    do {
      rows = try QueueBenchmark.run(customerCounts: counts)
    } catch {
      Output.error("error: \(error)")
      throw FlowbookExit.internalError
    }
    for row in rows {
      Output.standard(
        pad(count(Double(row.customers)), 13) + pad(count(Double(row.events)), 14)
          + pad(fixed(row.wallClockSeconds), 9) + pad(fixed(row.cpuSeconds), 9)
          + pad(count(row.eventsPerCPUSecond.rounded()), 16)
          + "  " + (row.peakResidentBytes.map(mebibytes) ?? "-"))
    }
    try primeDay()
  }

  /// The golden path at 2.5 M rps: a small run for the memory baseline, then the minute.
  private func primeDay() throws {
    let workspace = ModelWorkspace.startingDefault(
      workingDirectory: FileManager.default.currentDirectoryPath)
    guard let model = workspace.current else {
      Output.error("error: no golden-path model: \(workspace.unavailableReason ?? "")")
      throw FlowbookExit.ioError
    }
    let limits = SimulationLimits.load(datasets: workspace.datasetsDirectory)
    Output.standard("\ngolden path at 2.5M rps (Poisson), both cores:")
    Output.standard("simulated      requests         events    wall s    CPU s  peak RSS")
    for seconds in [0.4, quick ? 6 : 60] {
      QueueBenchmark.resetPeakResidentMemory()
      let scenario = SimulationScenario(
        duration: seconds, traffic: TrafficProfile(rate: 2_500_000), seed: 1, limits: limits)
      let cpu = processCPUSeconds()
      let result: PathSimulationResult
      do {
        result = try PathSimulation.run(model: model, scenario: scenario)
      } catch {
        Output.error("error: \(error.headline)")
        throw FlowbookExit.internalError
      }
      Output.standard(
        pad(fixed(seconds) + " s", 9) + pad(count(Double(result.counts.arrived)), 14)
          + pad(count(Double(result.events)), 15) + pad(fixed(result.wallClockSeconds), 10)
          + pad(fixed(processCPUSeconds() - cpu), 9) + "  "
          + (QueueBenchmark.peakResidentBytes().map(mebibytes) ?? "-"))
    }
  }

  private func processCPUSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) * 1e-6 }
    return seconds(usage.ru_utime) + seconds(usage.ru_stime)
  }

  private func pad(_ text: String, _ width: Int) -> String {
    String(repeating: " ", count: max(0, width - text.count)) + text
  }

  /// A whole number with thousands separators, locale-free.
  private func count(_ value: Double) -> String {
    let digits = String(Int64(value.rounded()))
    var out = ""
    for (index, digit) in digits.reversed().enumerated() {
      if index > 0 && index % 3 == 0 { out.append(",") }
      out.append(digit)
    }
    return String(out.reversed())
  }

  private func fixed(_ value: Double) -> String { String(format: "%.2f", value) }

  private func mebibytes(_ bytes: Int) -> String {
    String(format: "%.1f MiB", Double(bytes) / 1_048_576)
  }
}
