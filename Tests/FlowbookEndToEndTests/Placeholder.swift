import Testing
@Test func endToEndPlaceholder() {}
