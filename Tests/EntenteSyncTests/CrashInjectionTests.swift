import EntenteCore
import EntenteStore
import EntenteTestSupport
import Foundation
import Testing

/// Issue "Hold up": the real binary killed (SIGKILL) at random moments of a merge, a bundle
/// import, a sync and, on the other side, `entente serve`, loses and duplicates nothing: each time the replica passes `audit
/// --rebuild` (integrity, signatures, chains, state rebuilt from the log), and running the
/// same exchange again converges with the source. `ENTENTE_CRASH_TRIALS` sets the number of
/// trials (20 by default; scripts may ask for hundreds).
@Suite(.serialized) struct CrashInjectionTests {
    /// Trials run by default.
    static let defaultTrials = 20
    /// Changes the source replica holds, so an exchange takes long enough to be cut.
    static let sourceChanges = 1_500

    static var trials: Int {
        ProcessInfo.processInfo.environment["ENTENTE_CRASH_TRIALS"].flatMap(Int.init).map { max(1, min($0, 10_000)) } ?? Self.defaultTrials
    }

    /// Alice holds `sourceChanges` commitments; Bob's replica (`bob-base`) holds only the
    /// two members; `all.entente` is a bundle of Alice's changes. Returns what `show --json`
    /// prints on Alice's replica.
    static func source(_ lab: ServeProcessTests.Lab) throws -> (alice: String, base: String, bundle: String, expected: String) {
        let alice = lab.replica("alice"), base = lab.replica("bob-base"), bundle = lab.directory.path("all.entente")
        try lab.run(["init", "--collective", "Atelier", "--name", "Alice", "--replica", alice])
        try lab.run(["init", "--from", alice, "--name", "Bob", "--replica", base])
        try lab.run(["merge", base, "--replica", alice])
        // Many changes quickly, through the store (the binary would take minutes).
        do {
            let replica = try Replica.open(ReplicaFolder(URL(fileURLWithPath: alice)))
            for index in 0..<Self.sourceChanges {
                try replica.commit(message: "Commitment \(index)") { change in
                    let record = change.create(RecordKind.commitment)
                    change.set(record, Commitment.Field.what, .string("Commitment number \(index), long enough to fill pages"))
                    change.set(record, Commitment.Field.status, .string(Commitment.Status.proposed.rawValue))
                }
            }
            try replica.close()
        }
        try lab.run(["bundle", "export", bundle, "--replica", alice])
        return (alice, base, bundle, try lab.run(["show", "--json", "--replica", alice]).stdout)
    }

    @Test func killedMidExchangeTheReplicaStaysWholeAndConverges() throws {
        let lab = try ServeProcessTests.Lab("entente-crash")
        defer { lab.directory.remove() }
        let trials = Self.trials
        let (alice, base, bundle, expected) = try Self.source(lab)
        let server = try ServeProcessTests.ServeProcess(lab.binary, replica: alice)
        defer { _ = server.stop() }

        let exchanges: [(name: String, arguments: [String])] = [
            ("merge", ["merge", alice]), ("bundle import", ["bundle", "import", bundle]), ("sync", ["sync", server.address]),
        ]
        // How long each exchange takes uncut, to spread the kills over it.
        var durations: [Double] = []
        for exchange in exchanges {
            let copy = try Self.copy(base, to: lab.directory.path("timing-\(durations.count)"))
            let start = Date()
            try lab.run(exchange.arguments + ["--replica", copy])
            durations.append(max(0.05, Date().timeIntervalSince(start)))
        }
        var random = SeededRandom(seed: ProcessInfo.processInfo.environment["ENTENTE_SEED"].flatMap(UInt64.init) ?? 0xC4A5)
        var killed = 0
        for trial in 0..<trials {
            let pick = trial % exchanges.count
            let exchange = exchanges[pick]
            let copy = try Self.copy(base, to: lab.directory.path("trial-\(trial)"))
            let delay = Double.random(in: 0...durations[pick], using: &random)
            let process = Process()
            process.executableURL = lab.binary.url
            process.arguments = exchange.arguments + ["--replica", copy]
            process.environment = lab.binary.environment
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            Thread.sleep(forTimeInterval: delay)
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                killed += 1
            }
            process.waitUntilExit()
            let context = "trial \(trial): \(exchange.name) killed after \(Int(delay * 1000)) ms"
            let audit = try lab.binary.run(["audit", "--rebuild", "--replica", copy])
            #expect(audit.status == 0 && audit.stdout.contains("Audit passed."), "\(context): \(audit.output)")
            // The same exchange again finishes the job: the copy holds what Alice holds.
            let rerun = try lab.binary.run(exchange.arguments + ["--replica", copy])
            #expect(rerun.status == 0, "\(context), rerun: \(rerun.output)")
            #expect(try lab.binary.run(["show", "--json", "--replica", copy]).stdout == expected, "\(context): not converged")
            try? FileManager.default.removeItem(atPath: copy)
        }
        // Most trials must really have cut an exchange, or the test proves little.
        #expect(killed * 2 >= trials, "only \(killed) of \(trials) exchanges were still running when killed")
    }

    /// `entente serve` killed (SIGKILL) while a member pushes 1,500 changes to it: the served
    /// replica passes `audit --rebuild`, and once served again the same sync completes it.
    @Test func aServerKilledMidSessionStaysWholeAndConverges() throws {
        let lab = try ServeProcessTests.Lab("entente-crash-serve")
        defer { lab.directory.remove() }
        let (alice, base, _, expected) = try Self.source(lab)
        // How long the push takes uncut, to spread the kills over it.
        let timing = try Self.copy(base, to: lab.directory.path("timing"))
        let duration: Double
        do {
            let server = try ServeProcessTests.ServeProcess(lab.binary, replica: timing)
            defer { _ = server.stop() }
            let start = Date()
            try lab.run(["sync", server.address, "--replica", alice])
            duration = max(0.05, Date().timeIntervalSince(start))
        }
        var random = SeededRandom(seed: ProcessInfo.processInfo.environment["ENTENTE_SEED"].flatMap(UInt64.init) ?? 0x5E4E)
        let trials = max(1, Self.trials / 2)
        var cut = 0
        for trial in 0..<trials {
            let copy = try Self.copy(base, to: lab.directory.path("served-\(trial)"))
            let server = try ServeProcessTests.ServeProcess(lab.binary, replica: copy)
            let client = Process()
            client.executableURL = lab.binary.url
            client.arguments = ["sync", server.address, "--replica", alice]
            client.environment = lab.binary.environment
            client.standardOutput = FileHandle.nullDevice
            client.standardError = FileHandle.nullDevice
            try client.run()
            // Within the first 60 % of the uncut time: a loaded machine measured the uncut push
            // slower than the pushes that follow, and kills drawn over all of it came too late.
            let delay = Double.random(in: 0...(duration * 0.6), using: &random)
            Thread.sleep(forTimeInterval: delay)
            if client.isRunning { cut += 1 }
            kill(server.running.process.processIdentifier, SIGKILL)
            server.running.process.waitUntilExit()
            client.waitUntilExit()
            let context = "trial \(trial): serve killed after \(Int(delay * 1000)) ms"
            let audit = try lab.binary.run(["audit", "--rebuild", "--replica", copy])
            #expect(audit.status == 0 && audit.stdout.contains("Audit passed."), "\(context): \(audit.output)")
            let again = try ServeProcessTests.ServeProcess(lab.binary, replica: copy)
            let rerun = try lab.binary.run(["sync", again.address, "--replica", alice])
            #expect(rerun.status == 0, "\(context), rerun: \(rerun.output)")
            _ = again.stop()
            #expect(try lab.binary.run(["show", "--json", "--replica", copy]).stdout == expected, "\(context): not converged")
            try? FileManager.default.removeItem(atPath: copy)
        }
        // Most trials must really have cut a session, or the test proves little.
        #expect(cut * 2 >= trials, "only \(cut) of \(trials) sessions were still running when the server was killed")
    }

    /// Issue "Hold up", failure 3: a join killed at any moment is finished by running the same
    /// command again (the same keys, the admission written once), and the used code still
    /// admits nobody else.
    @Test func aJoinKilledAtAnyMomentIsFinishedByRunningItAgain() throws {
        let lab = try ServeProcessTests.Lab("entente-join-kill")
        defer { lab.directory.remove() }
        let alice = lab.replica("alice")
        try lab.run(["init", "--collective", "Atelier", "--name", "Alice", "--replica", alice])
        let server = try ServeProcessTests.ServeProcess(lab.binary, replica: alice)
        defer { _ = server.stop() }
        for (trial, delay) in [0.0, 0.01, 0.03, 0.06, 0.1, 0.2].enumerated() {
            let code = try lab.run(["invite", "--replica", alice]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            let folder = lab.replica("newcomer-\(trial)"), name = "Newcomer \(trial)"
            let process = Process()
            process.executableURL = lab.binary.url
            process.arguments = ["join", code, "--name", name, "--replica", folder]
            process.environment = lab.binary.environment
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            Thread.sleep(forTimeInterval: delay)
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
            // Whatever the moment, the same command finishes the job.
            let again = try lab.binary.run(["join", code, "--name", name, "--replica", folder])
            let context = "killed after \(Int(delay * 1000)) ms"
            // Either it finishes the join, or the join had gone through: it says how to finish (a sync).
            #expect(again.status == 0 || (again.output.contains("already exists") && again.output.contains("`entente sync ")), "\(context): \(again.output)")
            #expect(try lab.run(["whoami", "--replica", folder]).stdout.contains("\(name) in Atelier"), "\(context)")
            let members = try #require(try lab.json(["member", "list", "--replica", alice]) as? [[String: Any]])
            #expect(members.filter { $0["name"] as? String == name }.count == 1, "\(context): admitted twice")
            // The code stays used: another newcomer is refused and leaves no folder.
            let other = lab.replica("other-\(trial)")
            let refused = try lab.binary.run(["join", code, "--name", "Mallory", "--replica", other])
            #expect(refused.status != 0 && refused.output.contains("already used"), "\(context): \(refused.output)")
            #expect(!FileManager.default.fileExists(atPath: other))
        }
    }

    static func copy(_ folder: String, to destination: String) throws -> String {
        try FileManager.default.copyItem(atPath: folder, toPath: destination)
        return destination
    }
}
