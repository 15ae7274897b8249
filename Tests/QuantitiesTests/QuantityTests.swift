import Testing
@testable import Quantities

@Test func placeholder() { #expect(Quantity(exactly: 1).value == 1) }
