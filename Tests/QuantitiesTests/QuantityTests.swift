import Testing
@testable import Quantities

@Test func placeholder() { #expect(Quantity(1).value == 1) }
