import ArgumentParser
import FlowbookKit
import Foundation

/// `flowbook merge SHARD…`: one result from the shard files of a split run.
///
/// Each shard is what `simulate … replication K shard FILE` wrote: counters, sums and
/// latency histograms in HdrHistogram's V2 encoding. Merging adds counters and sums and
/// merges histograms bucket by bucket, in the order the files are given, so the same
/// files in the same order give the same bytes (`SimulationShard`).
struct Merge: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Combine simulation shard files into one result.",
    discussion: """
      Shards come from `simulate … replication K shard FILE` run anywhere (a Kubernetes \
      Indexed Job, a Slurm array, GNU parallel over ssh). Prints the combined figures; \
      -o writes the merged shard, which can itself be merged again.
      """)

  @Argument(help: "Shard files, merged in the order given.")
  var shards: [String]

  @Option(name: .shortAndLong, help: "Write the merged shard to this file.")
  var output: String?

  @Flag(help: "Print the figures as one JSON document.")
  var json = false

  func run() throws {
    let merged: SimulationShard
    do {
      merged = try SimulationShard.merged(contentsOf: shards)
      if let output { try merged.write(to: output) }
    } catch {
      // Only a read or write that failed is an I/O error (74); a file that reads but is
      // cut, changed, of another run or of another precision is bad input (65).
      Output.error("error: \(error)")
      throw error.isIO ? FlowbookExit.ioError : FlowbookExit.badInput
    }
    let result = merged.summary(files: shards.count)
    Output.standard(json ? result.data.serialized() : PlainTextRenderer.render(result))
  }
}
