import Testing

@testable import FlowbookKit

@Suite struct TimeSeriesTests {
  @Test func countsLandInTheirSecond() {
    var series = TimeSeries(duration: 3)
    #expect(series.bucketCount == 3)
    series.recordArrival(at: 0)
    series.recordArrival(at: 0.999)
    series.recordArrival(at: 2.5)
    series.recordThrottle(at: 1.2)
    series.recordError(at: 1.7)
    series.recordCompletion(at: 2.1, latency: 0.020)
    series.recordArrival(at: 3)  // the end is exclusive
    series.recordArrival(at: -1)
    #expect(series.arrivals == [2, 0, 1])
    #expect(series.throttles == [0, 1, 0])
    #expect(series.errors == [0, 1, 0])
    #expect(series.completions == [0, 0, 1])
    #expect(series.outOfRange == 2)
  }

  @Test func peaksCarryAcrossQuietBuckets() {
    var series = TimeSeries(duration: 5)
    series.observeConcurrency(3, at: 0.5)
    series.observeConcurrency(7, at: 0.6)
    series.observeConcurrency(2, at: 0.9)  // 2 busy from 0.9 s until 3.5 s, no events
    series.observeConcurrency(0, at: 3.5)
    series.observeQueueDepth(4, at: 1.5)
    series.close(at: 5)
    #expect(series.maxConcurrency == [7, 2, 2, 2, 0])
    #expect(series.maxQueueDepth == [0, 4, 4, 4, 4])
  }

  @Test func perSecondP99IsCoarseButClose() {
    var series = TimeSeries(duration: 2)
    for millisecond in 1...1000 {
      series.recordCompletion(at: 1.5, latency: Double(millisecond) / 1000)
    }
    let bucket = series[1]
    #expect(bucket.completions == 1000)
    #expect(abs(bucket.p99Latency - 0.99) / 0.99 < 0.07)  // one significant digit
    #expect(series[0].p99Latency == 0)
  }

  @Test func mergingAddsCountsAndTakesLargerPeaks() {
    var a = TimeSeries(duration: 2, bucketWidth: 0.5)
    var b = TimeSeries(duration: 2, bucketWidth: 0.5)
    a.recordArrival(at: 0.1)
    b.recordArrival(at: 0.2)
    a.observeConcurrency(5, at: 1.2)
    b.observeConcurrency(9, at: 1.3)
    a.recordCompletion(at: 1.9, latency: 1)
    b.recordCompletion(at: 1.9, latency: 2)
    a.merge(b)
    #expect(a.arrivals == [2, 0, 0, 0])
    #expect(a.maxConcurrency == [0, 0, 9, 0])
    #expect(a.latencies[3].count == 2)
  }

  /// Memory is fixed by the duration: a second's worth of millions of completions costs
  /// no more than a handful.
  @Test func memoryDoesNotGrowWithRequests() {
    var series = TimeSeries(duration: 1)
    series.recordCompletion(at: 0.5, latency: 0.3)  // the largest: sizes the histogram
    let before = series.latencies[0].histogram.estimatedFootprintInBytes
    for index in 0..<20_000 {
      series.recordCompletion(at: 0.5, latency: 0.2 + Double(index % 100) / 1000)
    }
    #expect(series.latencies[0].histogram.estimatedFootprintInBytes == before)
  }
}
