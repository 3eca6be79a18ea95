import EntenteActions
import EntenteCore
import EntenteNet
import EntenteStore
import EntenteTestSupport
import Foundation
import Logging
@testable import EntenteBoard

/// A founded replica (Alice, who admitted Bob and Carol) with a little of everything.
struct BoardFixture {
    let directory: TemporaryDirectory
    let replica: Replica

    init(hostileTitle: String = "Draft the tender answer") throws {
        self.directory = try TemporaryDirectory("entente-board")
        self.replica = try Replica.found(ReplicaFolder(self.directory.url.appendingPathComponent("alice")), collective: "Atelier Commun", founder: "Alice")
        try self.replica.commit(message: "Alice admits Bob and Carol") { change in
            _ = Admission.admit(name: "Bob", key: SigningIdentity().author, noiseKey: [UInt8](repeating: 2, count: 32), into: &change)
            _ = Admission.admit(name: "Carol", key: SigningIdentity().author, noiseKey: [UInt8](repeating: 3, count: 32), into: &change)
        }
        let workspace = try Workspace(self.replica)
        let me = try workspace.me()
        try self.replica.commit(message: "Alice's complementarities and a stage") { change in
            for (area, kind) in [("Design", "strength"), ("Finance", "need"), ("Tenders", "weakness")] {
                let record = change.create(RecordKind.complementarity)
                change.set(record, Complementarity.Field.member, .record(me.id))
                change.set(record, Complementarity.Field.area, .string(area))
                change.set(record, Complementarity.Field.type, .string(kind))
            }
            let stage = change.create(RecordKind.stage)
            change.set(stage, Stage.Field.title, .string("Pilot"))
            change.set(stage, Stage.Field.position, .string("m"))
            change.set(stage, Stage.Field.status, .string("active"))
            change.set(stage, Stage.Field.entryConditions, .string("A signed tender"))
        }
        _ = try Workspace(self.replica).addCommitment(what: hostileTitle, towards: ["Bob"], due: "2026-01-15", stage: "Pilot")
        _ = try Workspace(self.replica).stateExpectation("Win two public tenders a year")
        _ = try Workspace(self.replica).checkIn(phase: "euphoria", on: "2026-11-02", note: "We just met")
        _ = try Workspace(self.replica).raiseRisk("Bob may leave for a salaried job", zone: "defection", likelihood: 4, impact: 4)
        _ = try Workspace(self.replica).recordContribution("Wrote the tender answer", effort: 30)
        _ = try Workspace(self.replica).valueContribution("Wrote the tender answer", value: 3000)
        _ = try Workspace(self.replica).engage(stage: "Pilot", entryTerms: "Two days a week")
        _ = try Workspace(self.replica).writeVision("A studio we share,\nwork we choose.")
    }

    func data(_ page: Page, _ language: Language = .english) throws -> BoardData {
        try BoardData(replica: self.replica, language: language, csrf: "csrf-token", page: page, today: "2026-02-01")
    }

    func remove() { self.directory.remove() }
}

struct BoardNotStarted: Error, CustomStringConvertible {
    var description: String { "the board did not start listening within 60 s" }
}

/// A board served on loopback for one test, spoken to over raw TCP so that every header
/// (Host, Origin, Cookie) is exactly what the test says.
struct LiveBoard {
    let server: BoardServer
    let task: Task<Void, any Error>
    let port: UInt16

    init(_ replica: Replica, access: BoardAccess = .random(), streamLifetime: Duration = .seconds(300)) async throws {
        var logger = Logger(label: "entente.board.test")
        logger.logLevel = .critical
        let server = try BoardServer(replica: replica, access: access, streamLifetime: streamLifetime, logger: logger)
        self.server = server
        self.task = Task { try await server.run(port: 0, handleSignals: false) { _ in } }
        // Generous: the whole suite runs beside it on two cores.
        let deadline = ContinuousClock.now + .seconds(60)
        while server.port == 0 && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        guard server.port != 0 else { throw BoardNotStarted() }
        self.port = server.port
    }

    func stop() async {
        self.task.cancel()
        _ = try? await self.task.value
    }

    struct Reply {
        var status: Int
        var head: String
        var body: String

        func header(_ name: String) -> String? {
            for line in self.head.split(separator: "\r\n") {
                let parts = line.split(separator: ":", maxSplits: 1)
                if parts.count == 2, parts[0].lowercased() == name.lowercased() { return parts[1].trimmingCharacters(in: .whitespaces) }
            }
            return nil
        }
    }

    /// Sends one request and reads the reply to the end (the connection closes after it).
    func send(_ method: String = "GET", _ path: String, host: String? = nil, cookie: Bool = true, headers: [String] = [], body: String? = nil) async throws -> Reply {
        let host = host ?? "127.0.0.1:\(self.port)"
        var lines = ["\(method) \(path) HTTP/1.1", "Host: \(host)", "Connection: close"]
        if cookie { lines.append("Cookie: \(BoardAccess.tokenCookie)=\(self.server.access.token)") }
        lines += headers
        if let body {
            lines += ["Content-Type: application/x-www-form-urlencoded", "Content-Length: \(body.utf8.count)"]
        }
        let request = lines.joined(separator: "\r\n") + "\r\n\r\n" + (body ?? "")
        let port = self.port
        return try await Task.detached {
            let pair = try TCPConnector.connect(to: "127.0.0.1:\(port)")
            pair.input.open()
            pair.output.open()
            defer { pair.input.close(); pair.output.close() }
            let bytes = Array(request.utf8)
            var sent = 0
            while sent < bytes.count {
                let wrote = bytes[sent...].withUnsafeBufferPointer { pair.output.write($0.baseAddress!, maxLength: $0.count) }
                guard wrote > 0 else { break }
                sent += wrote
            }
            var received: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while true {
                let read = pair.input.read(&buffer, maxLength: buffer.count)
                if read <= 0 { break }
                received += buffer[0..<read]
            }
            let text = String(decoding: received, as: UTF8.self)
            let split = text.range(of: "\r\n\r\n")
            let head = split.map { String(text[..<$0.lowerBound]) } ?? text
            let body = split.map { String(text[$0.upperBound...]) } ?? ""
            let status = head.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
            return Reply(status: status, head: head, body: body)
        }.value
    }
}
