import EntenteActions
import EntenteCore
import EntenteNet
import EntenteStore
import EntenteTestSupport
import Foundation
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
        _ = try Workspace(self.replica).proposeDecision("Rent the studio", driver: "We meet in cafés", options: ["Lyon", "Grenoble"])
        _ = try Workspace(self.replica).takeStance("Rent the studio", position: "block", reason: "The rent is too high")
    }

    func data(_ page: Page, _ language: Language = .english) throws -> BoardData {
        try BoardData(replica: self.replica, language: language, csrf: "csrf-token", page: page, today: "2026-02-01")
    }

    func remove() { self.directory.remove() }
}

struct BoardNotStarted: Error, CustomStringConvertible {
    var firstLine: String
    var description: String { "entente board did not print its address; first line: '\(self.firstLine)'" }
}

/// The real `entente board` on a replica, spoken to over raw TCP from the test's own thread,
/// so that every header (Host, Origin, Cookie) is exactly what the test says. A process of
/// its own: it does not wait for threads of the test runner's pool.
final class LiveBoard: Sendable {
    let running: RunningEntente
    let port: UInt16
    let access: BoardAccess

    convenience init(_ replica: Replica) throws {
        try self.init(try EntenteBinary(), ["--replica", replica.folder.url.path])
    }

    /// `entente board` with these options (a home's collectives when none is named).
    init(_ binary: EntenteBinary, _ options: [String]) throws {
        self.running = try RunningEntente(binary, ["board", "--no-open", "--no-meet", "--port", "0"] + options)
        // The first line is the address: http://127.0.0.1:PORT/?token=T
        let text = self.running.firstLine
        guard let url = URLComponents(string: text), let port = url.port.flatMap({ UInt16(exactly: $0) }),
              let token = url.queryItems?.first(where: { $0.name == "token" })?.value else {
            self.running.stop()
            throw BoardNotStarted(firstLine: text)
        }
        self.port = port
        self.access = BoardAccess(token: token)
    }

    func stop() {
        self.running.stop()
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

    /// Sends one request and reads the reply to its end (the connection closes after it), or
    /// until `until` holds for what arrived (a live stream), or `timeout` passes.
    func send(_ method: String = "GET", _ path: String, host: String? = nil, cookie: Bool = true, headers: [String] = [], body: String? = nil,
              timeout: TimeInterval = 30, until: ((String) -> Bool)? = nil) throws -> Reply {
        try self.send(method, path, host: host, cookie: cookie, headers: headers, bytes: body.map { Array($0.utf8) }, timeout: timeout, until: until)
    }

    /// A request whose body is any bytes, not only text.
    func send(_ method: String = "GET", _ path: String, host: String? = nil, cookie: Bool = true, headers: [String] = [], bytes body: [UInt8]?,
              timeout: TimeInterval = 30, until: ((String) -> Bool)? = nil) throws -> Reply {
        let host = host ?? "127.0.0.1:\(self.port)"
        var lines = ["\(method) \(path) HTTP/1.1", "Host: \(host)", "Connection: close"]
        if cookie { lines.append("Cookie: \(BoardAccess.tokenCookie)=\(self.access.token)") }
        lines += headers
        if let body {
            lines += ["Content-Type: application/x-www-form-urlencoded", "Content-Length: \(body.count)"]
        }
        let request = Array((lines.joined(separator: "\r\n") + "\r\n\r\n").utf8) + (body ?? [])
        let pair = try TCPConnector.connect(to: "127.0.0.1:\(self.port)")
        pair.input.open()
        pair.output.open()
        defer { pair.input.close(); pair.output.close() }
        var sent = 0
        while sent < request.count {
            let wrote = request[sent...].withUnsafeBufferPointer { buffer in
                buffer.baseAddress.map { pair.output.write($0, maxLength: buffer.count) } ?? 0
            }
            guard wrote > 0 else { break }
            sent += wrote
        }
        let deadline = Date().addingTimeInterval(timeout)
        pair.input.timeout = 0.5
        var received: [UInt8] = []
        reading: while Date() < deadline {
            do {
                received += try pair.input.readSome()
            } catch let error as NetError where error.kind == .timedOut {
                // Nothing for half a second: look at the deadline, then wait again.
            } catch {
                break reading  // the end of the reply
            }
            if let until, until(String(decoding: received, as: UTF8.self)) { break }
        }
        let text = String(decoding: received, as: UTF8.self)
        let split = text.range(of: "\r\n\r\n")
        let head = split.map { String(text[..<$0.lowerBound]) } ?? text
        let replyBody = split.map { String(text[$0.upperBound...]) } ?? ""
        let status = head.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
        return Reply(status: status, head: head, body: replyBody)
    }

}

extension BoardFixture {
    /// Bruno's replica, admitted by the fixture's member and holding everything it holds.
    func admitBruno() throws -> Replica {
        let alice = self.replica
        let bruno = try Replica.create(ReplicaFolder(self.directory.url.appendingPathComponent("bruno")), collective: alice.collective,
                                       secret: try alice.secretChain().current)
        let key = bruno.author, noise = try bruno.noisePublicKey()
        try alice.commit(message: "") { change in _ = Admission.admit(name: "Bruno", key: key, noiseKey: noise, into: &change) }
        try bruno.merge(from: alice.folder.url)
        return bruno
    }
}
