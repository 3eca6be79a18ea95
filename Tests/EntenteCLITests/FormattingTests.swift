@testable import EntenteCLI
import EntenteActions
import EntenteCore
import EntenteTestSupport
import Foundation
import Testing

@Suite("Time formatting")
struct FormattingTests {
    @Test func utcTimeMatchesFoundationOnRandomInstants() {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        var random = SeededRandom(seed: 42)
        var instants: [UInt64] = [0, 951_782_400_000, 4_107_542_399_999, 1_764_000_000_123]  // 1970, 2000-02-29, 2100-02-28, 2025
        for _ in 0..<2000 { instants.append(UInt64.random(in: 0...4_102_444_800_000, using: &random)) }
        for millis in instants {
            let expected = formatter.string(from: Date(timeIntervalSince1970: Double(millis) / 1000))
            let ours = Formatting.iso(HybridTimestamp(wallMillis: millis, counter: 0))
            // Foundation rounds through a Double; compare to the second and check our milliseconds exactly.
            #expect(ours.prefix(19) == expected.prefix(19), "\(millis)")
            #expect(ours.hasSuffix(String(format: ".%03dZ", Int(millis % 1000))), "\(millis)")
        }
        #expect(Formatting.time(HybridTimestamp(wallMillis: 951_782_400_000 + 3_723_000, counter: 0)) == "2000-02-29 01:02")
    }
}
