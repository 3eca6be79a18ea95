import EntenteActions
import Testing

/// Whole numbers (valuations) typed as people write them.
@Suite struct NumberInputTests {
    @Test(arguments: [
        ("3000", 3000), ("3 000", 3000), ("3\u{A0}000", 3000), ("3\u{202F}000", 3000), ("3'000", 3000), ("3000,00", 3000), ("3000.0", 3000),
        ("0", 0), ("1000000000000", 1_000_000_000_000),
    ])
    func accepted(_ typed: String, _ value: Int) throws {
        #expect(try Input.wholeNumber(typed, option: "the value") == value)
    }

    @Test(arguments: ["", "-300", "3000,50", "12.5", "1e3", "abc", "3000,", ",5", "1000000000001", "99999999999999999999999", "1,000,000"])
    func refused(_ typed: String) {
        #expect(throws: ActionError.self) { _ = try Input.wholeNumber(typed, option: "the value") }
    }
}
