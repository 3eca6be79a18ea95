import EntenteTestSupport
import EntenteLocking
import Foundation
import Testing

/// `entente peers` and `entente meet` through the real binary. Discovery is pinned to
/// loopback (127.0.0.1, TTL 1) on a port of each test's own, through the environment or flags.
@Suite("entente meet and peers, end to end", .serialized, .timeLimit(.minutes(3)))
struct MeetCommandTests {
    /// A UDP port below the ephemeral range (32768-60999), where port-0 sockets land.
    static func uniquePort() -> UInt16 { UInt16.random(in: 21_000...32_000) }

    /// A binary whose discovery stays on loopback, on `port`, announcing every 0.3 s.
    static func binary(port: UInt16) throws -> EntenteBinary {
        try EntenteBinary(environment: [
            "ENTENTE_DISCOVERY_INTERFACE": "127.0.0.1",
            "ENTENTE_DISCOVERY_PORT": String(port),
            "ENTENTE_DISCOVERY_INTERVAL": "0.3",
        ])
    }

    /// A running `entente serve` (for invites), stopped with SIGTERM.
    final class Server {
        let process = Process()
        let port: UInt16

        init(_ binary: EntenteBinary, replica: String) throws {
            let out = Pipe()
            self.process.executableURL = binary.url
            self.process.arguments = ["serve", "--bind", "127.0.0.1", "--port", "0", "--replica", replica]
            self.process.environment = binary.environment
            self.process.standardOutput = out
            self.process.standardError = FileHandle.nullDevice
            try self.process.run()
            var line = Data()
            while !line.contains(UInt8(ascii: "\n")) {
                let byte = out.fileHandleForReading.readData(ofLength: 1)
                guard !byte.isEmpty else { break }
                line.append(byte)
            }
            let text = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            self.port = text.split(separator: ":").last.flatMap { UInt16($0) } ?? 0
        }

        func stop() {
            self.process.terminate()
            self.process.waitUntilExit()
        }
    }

    /// Alice, Bob and Carol, each with a replica; Bob and Carol joined through Alice's server.
    static func threeMembers(_ binary: EntenteBinary, _ directory: TemporaryDirectory) throws {
        func ok(_ arguments: [String]) throws -> String {
            let result = try binary.run(arguments)
            #expect(result.status == 0, "entente \(arguments.joined(separator: " ")): \(result.output)")
            return result.stdout
        }
        _ = try ok(["init", "--collective", "Atelier", "--name", "Alice", "--replica", directory.path("alice")])
        let server = try Server(binary, replica: directory.path("alice"))
        defer { server.stop() }
        for name in ["Bob", "Carol"] {
            let code = try ok(["invite", "--expires", "10m", "--address", "127.0.0.1:\(server.port)", "--replica", directory.path("alice")])
                .trimmingCharacters(in: .whitespacesAndNewlines)
            _ = try ok(["join", code, "--name", name, "--replica", directory.path(name.lowercased())])
        }
    }

    /// Runs several `entente` commands at once.
    static func concurrently(_ binary: EntenteBinary, _ commands: [[String]], timeout: TimeInterval = 120) throws -> [EntenteBinary.Result] {
        try Self.concurrently(commands.map { (binary, $0) }, timeout: timeout)
    }

    /// Each command with its own binary (its own environment: a language, say).
    static func concurrently(_ commands: [(EntenteBinary, [String])], timeout: TimeInterval = 120) throws -> [EntenteBinary.Result] {
        let box = Box(commands.count)
        let group = DispatchGroup()
        for (index, (binary, arguments)) in commands.enumerated() {
            DispatchQueue.global().async(group: group) {
                if let result = try? binary.run(arguments, timeout: timeout) { box.set(index, result) }
            }
        }
        group.wait()
        return try box.values.map { try #require($0, "an entente process could not run") }
    }

    final class Box: Sendable {
        private let results: LockedValue<[EntenteBinary.Result?]>
        init(_ count: Int) { self.results = LockedValue(Array(repeating: nil, count: count)) }
        func set(_ index: Int, _ result: EntenteBinary.Result) { self.results.withLock { $0[index] = result } }
        var values: [EntenteBinary.Result?] { self.results.withLock { $0 } }
    }

    @Test func threeLaptopsMeetWithoutAddressesAndRecordTheMeeting() throws {
        let port = Self.uniquePort()
        let binary = try Self.binary(port: port)
        let directory = try TemporaryDirectory("entente-meet")
        defer { directory.remove() }
        try Self.threeMembers(binary, directory)
        func ok(_ arguments: [String]) throws {
            let result = try binary.run(arguments)
            #expect(result.status == 0, "entente \(arguments.joined(separator: " ")): \(result.output)")
        }
        // Something to discuss: Alice and Bob edit one commitment concurrently, and see different phases.
        try ok(["commitment", "add", "Draft the tender answer", "--replica", directory.path("alice")])
        try ok(["merge", directory.path("alice"), "--replica", directory.path("bob")])
        try ok(["commitment", "update", "Draft the tender answer", "--status", "done", "--replica", directory.path("alice")])
        try ok(["commitment", "update", "Draft the tender answer", "--status", "broken", "--replica", directory.path("bob")])
        try ok(["commitment", "add", "Build the budget", "--replica", directory.path("bob")])
        try ok(["phase", "add", "euphoria", "--replica", directory.path("alice")])
        try ok(["phase", "add", "crisis", "--replica", directory.path("carol")])

        func meetArguments(expect: Int, today: String) -> [String] {
            ["meet", "--until-converged", "--expect", String(expect), "--timeout", "60", "--settle", "1", "--bind", "127.0.0.1",
             "--today", today, "--no-input"]
        }
        let meet = meetArguments(expect: 2, today: "2026-11-27")
        let results = try Self.concurrently(binary, [
            meet + ["--replica", directory.path("alice")],
            meet + ["--replica", directory.path("bob"), "--decide", "Bob leads the tender answer", "--decide", "Meet again in December"],
            meet + ["--replica", directory.path("carol")],
        ])
        for result in results {
            #expect(result.status == 0, "\(result.output)")
            #expect(result.stdout.contains("is here"), "\(result.stdout)")
            #expect(result.stdout.contains("Present: "), "\(result.stdout)")
            #expect(result.stdout.contains("To discuss now:"), "\(result.stdout)")
            #expect(result.stdout.contains("Brought so far (first meeting):"), "\(result.stdout)")
        }
        #expect(results[0].stdout.contains("Present: Alice (you), Bob, Carol"), "\(results[0].stdout)")
        for result in results {
            #expect(result.stdout.contains("conflict on commitment “Draft the tender answer”, the status:"), "\(result.stdout)")
            #expect(result.stdout.contains("members perceive different phases"), "\(result.stdout)")
            #expect(result.stdout.contains("  Bob: 2 changes"), "\(result.stdout)")  // brought: his status update and his commitment
        }
        #expect(results[1].stdout.contains("Meeting record"), "\(results[1].stdout)")
        #expect(results[1].stdout.contains("1. Bob leads the tender answer"), "\(results[1].stdout)")

        // Every replica holds every edit, and the meeting records (one more sync settles them).
        let shows = try ["alice", "bob", "carol"].map { name in
            try binary.run(["show", "--json", "--replica", directory.path(name)]).stdout
        }
        #expect(shows[0].contains("Build the budget") && shows[2].contains("Draft the tender answer"))
        let logs = try ["alice", "bob", "carol"].map { try binary.run(["log", "--replica", directory.path($0)]).stdout }
        // One meeting, one record: the scribe's (the smallest key). Bob's two decisions are in
        // it when he is the scribe, else added to it by a change of his.
        let recorded = logs[1].split(separator: "\n").filter { $0.contains("recorded the meeting of 2026-11-27: ") }
        #expect(recorded.count == 1, "\(logs[1])")
        #expect((logs[1].contains("Bob recorded the meeting of 2026-11-27: ") && logs[1].contains(" attendees, 2 decisions"))
                || logs[1].contains("Bob added 2 decisions to the meeting of 2026-11-27"), "\(logs[1])")

        // A second meeting, of two: what each brought is counted from the first one. Carol
        // reads French: the whole meeting speaks it (events, sync lines, summary, dates).
        try ok(["commitment", "add", "Design the mockups", "--replica", directory.path("carol")])
        var inFrench = binary
        inFrench.environment["ENTENTE_LANG"] = "fr"
        let second = try Self.concurrently([
            (binary, meetArguments(expect: 1, today: "2026-12-04") + ["--replica", directory.path("alice")]),
            (inFrench, meetArguments(expect: 1, today: "2026-12-04") + ["--replica", directory.path("carol")]),
        ])
        for result in second { #expect(result.status == 0, "\(result.output)") }
        #expect(second[0].stdout.contains("Brought since the last meeting (2026-11-27):"), "\(second[0].stdout)")
        #expect(second[0].stdout.contains("  Carol: "), "\(second[0].stdout)")
        let carol = second[1].stdout
        for french in ["Réunion\u{00A0}: service sur le port", "+ Alice est là", "Réunion du 4 déc. 2026", "Présents\u{00A0}: Carol (vous), Alice",
                       "État atteint\u{00A0}: ", "Apporté depuis la dernière réunion (27 nov. 2026)\u{00A0}:", "  Carol\u{00A0}: ", "À discuter maintenant\u{00A0}:"] {
            #expect(carol.contains(french), "\(french) not in: \(carol)")
        }
        for english in ["Meeting of", "Present:", "Brought", "To discuss", " is here", "synced with"] {
            #expect(!carol.contains(english), "\(english) in: \(carol)")
        }

        // The meetings are listed and shown; their decisions are decisions of their own.
        let listed = try binary.run(["meeting", "list", "--replica", directory.path("alice")]).stdout
        #expect(listed.contains("2026-11-27") && listed.contains("2026-12-04"), "\(listed)")
        // One row per meeting, however many attendees recorded it.
        #expect(listed.split(separator: "\n").filter { $0.contains("2026-11-27") }.count == 1, "\(listed)")
        let shown = try binary.run(["meeting", "show", "2026-11-27", "--replica", directory.path("alice")]).stdout
        let present = shown.split(separator: "\n").first { $0.hasPrefix("present:") }.map(String.init) ?? ""
        #expect(["Alice", "Bob", "Carol"].allSatisfy(present.contains), "\(shown)")
        #expect(shown.contains("1. Bob leads the tender answer") && shown.contains("2. Meet again in December"), "\(shown)")
        let decisions = try binary.run(["decision", "list", "--json", "--replica", directory.path("alice")]).stdout
        let parsed = try JSONSerialization.jsonObject(with: Data(decisions.utf8)) as? [[String: Any]] ?? []
        let fromMeeting = parsed.filter { $0["text"] as? String == "Bob leads the tender answer" }
        #expect(fromMeeting.count == 1 && fromMeeting.first?["status"] as? String == "adopted" && fromMeeting.first?["meeting"] is String,
                "\(decisions)")
        #expect(fromMeeting.first?["proposedByName"] as? String == "Bob")
        // The same, read in French.
        let french = try EntenteBinary(environment: ["ENTENTE_LANG": "fr"])
        let enFrançais = try french.run(["meeting", "show", "2026-11-27", "--replica", directory.path("alice")]).stdout
        #expect(enFrançais.contains("Réunion du 27 nov. 2026"), "\(enFrançais)")
        #expect(enFrançais.contains("présents\u{00A0}:") && enFrançais.contains("décisions\u{00A0}:"), "\(enFrançais)")
        #expect(enFrançais.contains("1. Bob leads the tender answer"), "\(enFrançais)")
        #expect(try french.run(["meeting", "list", "--replica", directory.path("alice")]).stdout.contains("PRÉSENTS"))
    }

    @Test func peersListsTheMembersPresentByName() throws {
        let port = Self.uniquePort()
        let binary = try Self.binary(port: port)
        let directory = try TemporaryDirectory("entente-peers")
        defer { directory.remove() }
        try Self.threeMembers(binary, directory)
        let results = try Self.concurrently(binary, [
            ["meet", "--duration", "4", "--bind", "127.0.0.1", "--no-input", "--replica", directory.path("bob")],
            ["peers", "--wait", "2", "--replica", directory.path("alice")],
            ["peers", "--wait", "2", "--json", "--replica", directory.path("carol")],
        ])
        #expect(results[2].status == 0, "\(results[2].output)")
        #expect(results[2].stdout.contains("\"name\" : \"Bob\""), "\(results[2].stdout)")
        #expect(results[2].stdout.contains("\"meeting\" : true"), "\(results[2].stdout)")
        #expect(results[2].stdout.contains("\"sameState\" : false"), "\(results[2].stdout)")  // Bob has not heard of Carol yet
        #expect(results[1].status == 0, "\(results[1].output)")
        #expect(results[1].stdout.contains("Bob"), "\(results[1].stdout)")
        #expect(results[1].stdout.contains("127.0.0.1:"), "\(results[1].stdout)")
        #expect(results[1].stdout.contains("meeting"), "\(results[1].stdout)")
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script")))
    func decisionsTypedOnATerminalWithAPeerGivenByAddress() throws {
        let binary = try Self.binary(port: Self.uniquePort())
        let directory = try TemporaryDirectory("entente-meet")
        defer { directory.remove() }
        #expect(try binary.run(["init", "--collective", "Atelier", "--name", "Alice", "--replica", directory.path("alice")]).status == 0)
        let server = try Server(binary, replica: directory.path("alice"))
        defer { server.stop() }
        let code = try binary.run(["invite", "--expires", "10m", "--address", "127.0.0.1:\(server.port)", "--replica", directory.path("alice")])
            .stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try binary.run(["join", code, "--name", "Bob", "--replica", directory.path("bob")]).status == 0)
        // `script` gives `entente meet` a terminal, where it asks for decisions; the peer is
        // a plain `entente serve` reached by address (as where multicast is blocked).
        let command = [binary.url.path, "meet", "--until-converged", "--settle", "0", "--peer", "127.0.0.1:\(server.port)",
                       "--bind", "127.0.0.1", "--today", "2026-11-27", "--replica", directory.path("bob")].joined(separator: " ")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-qec", command, "/dev/null"]
        process.environment = binary.environment
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        try process.run()
        input.fileHandleForWriting.write(Data("Typed on the terminal\n\n".utf8))
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        try? input.fileHandleForWriting.close()
        #expect(process.terminationStatus == 0, "\(text)")
        #expect(text.contains("Decisions, one per line"), "\(text)")
        #expect(text.contains("1. Typed on the terminal"), "\(text)")
        let log = try binary.run(["log", "--replica", directory.path("bob")]).stdout
        #expect(log.contains("recorded the meeting of 2026-11-27: 2 attendees, 1 decision"), "\(log)")
    }

    @Test func nothingFoundSaysMulticastMayBeBlockedAndHowToUseAddresses() throws {
        let binary = try EntenteBinary()
        let directory = try TemporaryDirectory("entente-peers")
        defer { directory.remove() }
        #expect(try binary.run(["init", "--collective", "A", "--name", "Alice", "--replica", directory.path("alice")]).status == 0)
        let flags = ["--discovery-interface", "127.0.0.1", "--discovery-port", String(Self.uniquePort()), "--replica", directory.path("alice")]
        let peers = try binary.run(["peers", "--wait", "0.5"] + flags)
        #expect(peers.status != 0)
        #expect(peers.stderr.contains("no member announced itself within 0.5 s; multicast may be blocked"), "\(peers.output)")
        #expect(peers.stderr.contains("entente sync HOST:PORT"), "\(peers.output)")
        let meet = try binary.run(["meet", "--until-converged", "--timeout", "1", "--bind", "127.0.0.1", "--no-input"] + flags)
        #expect(meet.status != 0)
        #expect(meet.stderr.contains("no other member was found; multicast may be blocked"), "\(meet.output)")
        #expect(meet.stderr.contains("entente meet --peer HOST:PORT"), "\(meet.output)")
    }

    @Test func badOptionsSayWhatToDo() throws {
        let binary = try EntenteBinary()
        let both = try binary.run(["meet", "--duration", "5", "--until-converged"])
        #expect(both.status != 0)
        #expect(both.stderr.contains("use either '--duration' or '--until-converged'"), "\(both.output)")
        let zero = try binary.run(["meet", "--duration", "0"])
        #expect(zero.stderr.contains("'--duration' must be more than 0 seconds"), "\(zero.output)")
        let group = try binary.run(["peers", "--discovery-group", "not-an-address"])
        #expect(group.stderr.contains("'--discovery-group' must be a numeric multicast address"), "\(group.output)")
        let wait = try binary.run(["peers", "--wait", "0"])
        #expect(wait.stderr.contains("'--wait' must be between 0 and 600 seconds"), "\(wait.output)")
    }
}
