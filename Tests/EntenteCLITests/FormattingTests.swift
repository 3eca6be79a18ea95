@testable import EntenteCLI
import EntenteActions
import EntenteCore
import EntenteTestSupport
import Foundation
import Testing

@Suite("Time formatting")
struct FormattingTests {
    /// 2026-12-01 08:59:00 UTC, and 23:30 the same day.
    static let morning = HybridTimestamp(wallMillis: 1_796_115_540_000, counter: 0)
    static let lateEvening = Date(timeIntervalSince1970: 1_796_167_800)

    @Test func timesAreShownInTheReadersZoneWithTheZoneNamed() throws {
        let paris = try #require(TimeZone(identifier: "Europe/Paris"))
        let utc = try #require(TimeZone(identifier: "UTC"))
        #expect(Formatting.time(Self.morning, zone: utc) == "2026-12-01 08:59 UTC")
        let local = Formatting.time(Self.morning, zone: paris)
        #expect(local.hasPrefix("2026-12-01 09:59 ") && !local.hasSuffix("UTC"), "\(local)")
        // Summer time moves the offset: the zone is looked up for each hour shown.
        var clock = Formatting.LocalClock(zone: paris)
        let july = HybridTimestamp(wallMillis: 1_782_896_340_000, counter: 0)  // 2026-07-01 08:59 UTC
        #expect(clock.time(july).hasPrefix("2026-07-01 10:59 "))
        #expect(clock.time(Self.morning).hasPrefix("2026-12-01 09:59 "))
    }

    /// A wall time is a peer's claim: the largest ones are shown (as UTC), never a trap.
    @Test func extremeWallTimesFromPeersDoNotTrapInAnyZone() throws {
        for identifier in ["Asia/Tokyo", "America/New_York", "UTC"] {
            var clock = Formatting.LocalClock(zone: try #require(TimeZone(identifier: identifier)))
            for millis in [UInt64.max, UInt64(Int64.max), UInt64(Int64.max) - 1, 0] {
                #expect(!clock.time(HybridTimestamp(wallMillis: millis, counter: 0)).isEmpty, "\(identifier) \(millis)")
            }
        }
    }

    @Test func todayIsTheLocalDate() throws {
        #expect(Dates.today(Self.lateEvening, zone: try #require(TimeZone(identifier: "UTC"))) == "2026-12-01")
        #expect(Dates.today(Self.lateEvening, zone: try #require(TimeZone(identifier: "Europe/Paris"))) == "2026-12-02")
        #expect(Dates.today(Self.lateEvening, zone: try #require(TimeZone(identifier: "America/New_York"))) == "2026-12-01")
    }

    @Test func theLogSpeaksTheLocalTime() throws {
        try CommandFixture.with("entente-tz", environment: ["TZ": "Asia/Tokyo"]) { f in
            let a = f.replica("alice")
            try f.ok(["init", "--collective", "Atelier", "--name", "Alice", "--replica", a])
            let line = try #require(try f.ok(["log", "--replica", a]).split(separator: "\n").first)
            let utc = try #require(try f.json(["log", "--replica", a]) as? [[String: Any]]).first?["time"] as? String ?? ""
            // JSON keeps UTC (ISO 8601, Z); the text shows Tokyo's time, nine hours later.
            let hour = Int(utc.dropFirst(11).prefix(2)) ?? -1
            #expect(line.contains(String(format: " %02d:", (hour + 9) % 24)) && line.contains("GMT+9"), "\(line) / \(utc)")
        }
    }

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
        #expect(Formatting.time(HybridTimestamp(wallMillis: 951_782_400_000 + 3_723_000, counter: 0), zone: TimeZone(identifier: "UTC") ?? .current) == "2000-02-29 01:02 UTC")
    }
}
