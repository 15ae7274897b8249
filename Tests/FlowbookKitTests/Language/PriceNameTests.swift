import Testing

@testable import FlowbookKit

/// Catalog prices by name in expressions: their value, their unit, and their errors.
@Suite("prices in expressions")
struct PriceNameTests {
  /// Each price is the catalog's list rate per basis unit, so arithmetic with a usage gives
  /// dollars: AWS's own figures.
  @Test(arguments: [
    ("price.lambda.request * 3M -> $", "$0.60"),
    ("price.lambda.duration.x86 * 540000 GB-s -> $", "$9.00"),
    ("price.apigateway.rest.request * 5M -> $", "$17.50"),
    ("price.apigateway.data_transfer_out * 57220.458984375 GiB -> $", "$5,149.84"),
    ("price.privatelink.endpoint * 720 h -> $", "$7.20"),
    ("price.xray.trace_recorded * 48800 -> $", "$0.24"),
  ])
  func aPriceTimesItsUsageIsDollars(input: String, expected: String) {
    let cell = ModelFixtures.session().execute(input)
    #expect(cell.succeeded, "\(cell.plainOutput)")
    #expect(cell.plainOutput.contains(expected), "\(input): \(cell.plainOutput)")
  }

  /// A price has the dimension of money per its basis: per request is money, per GB-s is
  /// money per data × time, so adding it to a time is refused.
  @Test func aPriceHasItsDimension() {
    let session = ModelFixtures.session()
    #expect(session.execute("price.lambda.request + $1").succeeded)
    #expect(session.execute("price.lambda.duration.x86 -> $/GB-s").succeeded)
    #expect(!session.execute("price.lambda.duration.x86 + $1").succeeded)
  }

  /// A misspelt price is an error naming the catalog and the nearest names; a price the
  /// catalog lists without a confirmed figure says so instead of guessing.
  @Test func unknownAndUnconfirmedPricesAreErrors() {
    let session = ModelFixtures.session()
    let typo = session.execute("price.lambda.requests * 3M")
    #expect(typo.diagnostic?.message.contains("unknown price 'price.lambda.requests'") == true)
    #expect(typo.diagnostic?.suggestions.contains("price.lambda.request") == true)
    let unconfirmed = session.execute("price.lambda.provisioned_duration.arm * 1 GB-s")
    #expect(
      unconfirmed.diagnostic?.message.contains("has no confirmed figure") == true,
      "\(unconfirmed.plainOutput)")
  }
}
