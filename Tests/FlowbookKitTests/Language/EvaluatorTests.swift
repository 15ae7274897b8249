import Testing

@testable import FlowbookKit

struct OutputCase: CustomTestStringConvertible, Sendable {
  var input: String
  var output: String
  var testDescription: String { input }
}

@Test(arguments: [
  OutputCase(input: "2.5M rps * 45 ms", output: "112,500"),
  OutputCase(input: "$3.50 / 1M req * 10B req/month -> $/month", output: "$35,000/month"),
  OutputCase(input: "1769 MB -> GB", output: "1.769 GB"),
  OutputCase(input: "1769 MB in GB", output: "1.769 GB"),
  OutputCase(input: "1,769 MB", output: "1,769 MB"),
  OutputCase(input: "1 s + 500 ms", output: "1.5 s"),
  OutputCase(input: "850k rps * 1 day -> req", output: "73.44B req"),
  OutputCase(input: "95% * 2.5M rps", output: "2.375M rps"),
  OutputCase(input: "(1 - 95%) * 2.5M rps", output: "125,000 rps"),
  OutputCase(input: "9/s", output: "9 rps"),
  OutputCase(input: "1 / 45 ms", output: "22.2222 rps"),
  OutputCase(input: "10 B", output: "10 B"),
  OutputCase(input: "10B", output: "10B"),
  OutputCase(input: "1769 MB * 45 ms -> GB-s", output: "0.0777393 GB-s"),
  OutputCase(input: "1024 MB * 1 h -> GB-h", output: "1 GB-h"),
  OutputCase(input: "1536 MB * 730 h -> GB-month", output: "1.5 GB-month"),
  OutputCase(input: "$41,502.94", output: "$41,502.94"),
  OutputCase(input: "$54,321.99", output: "$54,321.99"),
  OutputCase(input: "99.9999999%", output: "99.9999999%"),
  OutputCase(input: "2^10", output: "1,024"),
  OutputCase(input: "-3 ms", output: "-3 ms"),
  OutputCase(input: "max(3 ms, 0.5 s, 20 ms)", output: "0.5 s"),
  OutputCase(input: "ceil(2.5M rps * 45 ms / 1000)", output: "113"),
  OutputCase(input: "$0.20 per 1M req * 3M req", output: "$0.60"),
  OutputCase(input: "1.5e3 ms -> s", output: "1.5 s"),
  OutputCase(input: "2 GiB -> MiB", output: "2,048 MiB"),
  OutputCase(input: "730 h -> month", output: "1 month"),
])
func evaluates(_ c: OutputCase) {
  expectOutput(c.input, c.output)
}

@Test func variablesPersistAcrossCommands() {
  let session = Session()
  expectOutput("let peak = 2.5M rps", "peak = 2.5M rps", session: session)
  expectOutput("peak * 45 ms", "112,500", session: session)
  expectOutput("let peak = peak * 2", "peak = 5M rps", session: session)
}

@Test func errorsLeaveTheSessionUsable() {
  let session = Session()
  _ = session.execute("let a = 3 ms")
  #expect(session.execute("a + 1 GB").succeeded == false)
  expectOutput("a * 2", "6 ms", session: session)
}

@Test func scriptsStopAtTheFirstError() {
  let session = Session()
  let cells = session.executeScript("let a = 1; a + 1 GB; let b = 2")
  #expect(cells.count == 2)
  #expect(session.variables["b"] == nil)
}

@Test func jsonCarriesBaseUnits() {
  let cell = Session().execute("87 ms")
  #expect(
    cell.json.serialized()
      == #"{"command":"87 ms","ok":true,"value":0.087,"unit":"s","text":"87 ms"}"#)
}
