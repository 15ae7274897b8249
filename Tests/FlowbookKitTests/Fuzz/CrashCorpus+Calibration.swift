/// Hostile telemetry files kept as regression cases for `calibrate`'s readers.
///
/// None of these trapped once the readers were written, but each is a way input has
/// broken JSON and log readers elsewhere (unbounded recursion, surrogate halves, numbers
/// past Double, lines with no fields, a period of zero seconds), so each stays here: it must
/// be read or refused with an error placed in the file, never trap.
enum CalibrationCrashCorpus {
  static let cases: [(name: String, text: String)] = [
    ("nesting bomb", String(repeating: "[", count: 100_000)),
    (
      "nesting bomb in a segment Document",
      "{\"Traces\": [{\"Segments\": [{\"Id\": \"1\", \"Document\": \""
        + String(repeating: "[", count: 10_000) + "\"}]}]}"
    ),
    ("lone low surrogate", "{\"Label\": \"\\udc00\", \"Datapoints\": []}"),
    ("high surrogate without its half", "{\"Label\": \"\\ud800x\", \"Datapoints\": []}"),
    (
      "a number past Double",
      "{\"Label\": \"Duration\", \"Datapoints\": [{\"Timestamp\": "
        + "\"2024-05-01T00:00:00Z\", \"ExtendedStatistics\": {\"p50\": 1e400, \"p99\": 2}}]}"
    ),
    (
      "one timestamp twice",
      "{\"MetricDataResults\": [{\"Id\": \"a\", \"Label\": \"f Invocations Sum\", \"Timestamps\": "
        + "[\"2024-05-01T00:00:00Z\", \"2024-05-01T00:00:00Z\"], \"Values\": [1, 2]}]}"
    ),
    (
      "a week and a second of minutes",
      "{\"MetricDataResults\": [{\"Id\": \"a\", \"Label\": \"f Invocations Sum\", \"Timestamps\": "
        + "[\"2024-05-01T00:00:00Z\", \"2024-05-01T00:00:01Z\", \"2030-05-01T00:00:00Z\"], "
        + "\"Values\": [1, 2, 3]}]}"
    ),
    (
      "percentiles that fall",
      "{\"Label\": \"Duration\", \"Datapoints\": [{\"Timestamp\": "
        + "\"2024-05-01T00:00:00Z\", \"ExtendedStatistics\": {\"p50\": 9, \"p99\": 2}}]}"
    ),
    ("ALB line of one field", "http\n"),
    (
      "ALB line with an open quote",
      "http 2024-05-01T00:00:00.000000Z app/a/1 1.2.3.4:5 - 0.001 0.002 0.000 200 200 1 1 \"GET"
    ),
    (
      "access log of '-'",
      "{\"responseLatency\": \"-\", \"integrationLatency\": \"-\"}\n{\"responseLatency\": \"-\"}\n"
    ),
    (
      "access log epoch past a year",
      "{\"responseLatency\": 5, \"requestTimeEpoch\": 1e15}\n{\"responseLatency\": 5, \"requestTimeEpoch\": 0}\n"
    ),
    ("trace summary of NaN-like text", "{\"TraceSummaries\": [{\"ResponseTime\": \"NaN\"}]}"),
    (
      "segment that ends before it starts",
      "{\"Traces\": [{\"Segments\": [{\"Id\": \"1\", \"Document\": "
        + "\"{\\\"name\\\":\\\"a\\\",\\\"start_time\\\":2,\\\"end_time\\\":1}\"}]}]}"
    ),
  ]
}
