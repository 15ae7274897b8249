import Testing

@testable import Quantities

struct FormattingCase: CustomTestStringConvertible, Sendable {
  var id: String
  var quantity: Quantity
  var expected: String
  var testDescription: String { id }
}

@Test(arguments: [
  FormattingCase(
    id: "count keeps six digits", quantity: .count(112_500.00000000001), expected: "112,500"),
  FormattingCase(id: "millions compact", quantity: .count(2_500_000), expected: "2.5M"),
  FormattingCase(id: "billions compact", quantity: .count(10e9), expected: "10B"),
  FormattingCase(id: "rate in rps", quantity: .perSecond(850_000), expected: "850,000 rps"),
  FormattingCase(id: "peak rate", quantity: .perSecond(2.5e6), expected: "2.5M rps"),
  FormattingCase(id: "milliseconds", quantity: .seconds(0.087), expected: "87 ms"),
  FormattingCase(id: "sub-millisecond", quantity: .seconds(0.0008), expected: "800 µs"),
  FormattingCase(id: "minutes", quantity: .seconds(300), expected: "5 min"),
  FormattingCase(id: "hours", quantity: .seconds(10_800), expected: "3 h"),
  FormattingCase(id: "money shows cents", quantity: .dollars(3.5), expected: "$3.50"),
  FormattingCase(id: "whole money", quantity: .dollars(35_000), expected: "$35,000"),
  FormattingCase(id: "tiny money", quantity: .dollars(0.0000166667), expected: "$0.0000166667"),
  FormattingCase(id: "negative money", quantity: .dollars(-2.25), expected: "-$2.25"),
  FormattingCase(id: "fraction as percent", quantity: .fraction(0.95), expected: "95%"),
  FormattingCase(id: "money to the cent", quantity: .dollars(41_502.94), expected: "$41,502.94"),
  FormattingCase(
    id: "money never rounds cents away", quantity: .dollars(54_321.99), expected: "$54,321.99"),
  FormattingCase(
    id: "large money to the cent", quantity: .dollars(12_484_869.98),
    expected: "$12,484,869.98"),
  FormattingCase(id: "money with ten cents", quantity: .dollars(41_502.9), expected: "$41,502.90"),
  FormattingCase(
    id: "money per month to the cent",
    quantity: Quantity(exactly: 190_177.62 / UnitTable.monthSeconds, .moneyRate),
    expected: "$190,177.62/month"),
  FormattingCase(
    id: "nines are kept", quantity: .fraction(0.999999999), expected: "99.9999999%"),
  FormattingCase(id: "five nines", quantity: .fraction(0.99999), expected: "99.999%"),
  FormattingCase(
    id: "nines beside a whole percent", quantity: .fraction(0.0999999999),
    expected: "9.99999999%"),
  FormattingCase(id: "a whole hundred percent", quantity: .fraction(1), expected: "100%"),
  FormattingCase(
    id: "data picks the largest unit", quantity: .bytes(1_769_000_000), expected: "1.769 GB"),
  FormattingCase(id: "zero", quantity: .count(0), expected: "0"),
  FormattingCase(id: "tiny count is scientific", quantity: .count(1.5e-9), expected: "1.5e-9"),
  FormattingCase(
    id: "money per month", quantity: Quantity(exactly: 35_000 / UnitTable.monthSeconds, .moneyRate),
    expected: "$35,000/month"),
])
func formats(_ c: FormattingCase) {
  #expect(c.quantity.formatted == c.expected)
}

@Test func formatNumberNeverPrintsRawDoubles() {
  #expect(Quantity.formatNumber(1.1250000000000002e5) == "112,500")
  #expect(Quantity.formatNumber(0.30000000000000004) == "0.3")
  #expect(Quantity.formatNumber(123_456_789, compact: true) == "123.457M")
  #expect(Quantity.formatNumber(1e20) == "1e20")
}

/// Subnormal magnitudes, which the `simulate` fuzzer found trapping in the scientific form
/// (10^-324 underflows to 0); a data rate under 1 KB/s is in `SimulateCrashCorpus`.
@Test func slowDataRatesAndSubnormalsPrint() {
  #expect(Quantity.formatNumber(5e-324) == "4.94066e-324")
  #expect(Quantity.formatNumber(1e-320) == "9.99989e-321")  // 1e-320 as a subnormal holds
  #expect(Quantity.formatNumber(2.5e-310).hasPrefix("2.5"))
}
