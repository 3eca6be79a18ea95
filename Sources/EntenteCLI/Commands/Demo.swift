import EntenteActions
import ArgumentParser
import EntenteCore
import EntenteStore
import EntenteSync
import Foundation
import Logging

extension EntenteCommand {
    struct Demo: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Three freelancers, served over TCP on loopback, edit offline, sync in different orders and converge; the audit is shown.",
            discussion: "Everything happens in a temporary folder, which is removed afterwards unless --keep is given.")

        @Flag(help: "Keep the temporary replicas and print where they are.") var keep = false

        func run() throws {
            let root = FileManager.default.temporaryDirectory.appendingPathComponent("entente-demo-\(UUID().uuidString.prefix(8))")
            defer { if !self.keep { try? FileManager.default.removeItem(at: root) } }
            let script = DemoScript(root: root, say: { print($0) })
            let converged = try script.run()
            if self.keep { print("\nThe replicas are in \(root.path) (try `entente log --replica \(root.path)/alice`).") }
            if !converged { throw ExitCode.failure }
        }
    }
}

/// The scripted story of `entente demo`, usable from tests: three replicas, each served over
/// real TCP on loopback, joining by invite, editing offline and syncing in different orders.
struct DemoScript {
    let root: URL
    let say: (String) -> Void

    func folder(_ name: String) -> ReplicaFolder { ReplicaFolder(self.root.appendingPathComponent(name)) }

    func section(_ title: String) {
        self.say("\n== \(title)")
    }

    /// Runs the story; returns whether the three replicas converged and passed their audits.
    func run() throws -> Bool {
        var logger = Logger(label: "entente.demo")
        logger.logLevel = .warning
        var servers: [SyncServer] = []
        defer { for server in servers { server.stop() } }
        func serve(_ replica: Replica) throws -> UInt16 {
            let server = SyncServer(replica: replica, logger: logger)
            let port = try server.start(bind: "127.0.0.1", port: 0)
            servers.append(server)
            return port
        }

        self.section("Alice founds the collective and serves it on loopback; Bob and Carol join by invite")
        let alice = try Replica.found(self.folder("alice"), collective: "Atelier Commun", founder: "Alice")
        var ports: [String: UInt16] = ["Alice": try serve(alice)]
        let aliceServer = servers[0]
        var replicas: [String: Replica] = ["Alice": alice]
        for name in ["Bob", "Carol"] {
            let invite = try aliceServer.makeInvite(host: "127.0.0.1", lifetime: 600)
            let (replica, summary) = try SyncClient.join(invite: invite, name: name, folder: self.folder(name.lowercased()), logger: logger)
            self.say("\(name) joins with a single-use invite: \(summary.line)")
            replicas[name] = replica
            ports[name] = try serve(replica)
        }
        guard let bob = replicas["Bob"], let carol = replicas["Carol"] else { return false }
        try self.sync(bob, "Alice", ports)
        self.say("Each replica knows 3 members.")

        self.section("Offline, each one edits their own replica")
        let collectiveID = try self.collectiveRecord(alice)
        let aliceMember = try Workspace(alice).me().id, budgetOwner = try Workspace(bob).me().id
        try self.commit(alice, "Alice commits to drafting the tender answer") { change in
            let commitment = change.create(RecordKind.commitment)
            change.set(commitment, Commitment.Field.what, .string("Draft the tender answer"))
            change.set(commitment, Commitment.Field.by, .record(aliceMember))
            change.set(commitment, Commitment.Field.status, .string(Commitment.Status.proposed.rawValue))
            change.set(commitment, Commitment.Field.due, .string("2026-12-15"))
        }
        try self.commit(alice, "Alice drafts the vision statement") { change in
            try Collective.setVision("Nous gagnons des contrats ensemble.", on: collectiveID, in: &change)
        }
        try self.sync(bob, "Alice", ports)
        try self.sync(carol, "Alice", ports)
        try self.commit(bob, "Bob commits to building the budget") { change in
            let commitment = change.create(RecordKind.commitment)
            change.set(commitment, Commitment.Field.what, .string("Build the budget"))
            change.set(commitment, Commitment.Field.by, .record(budgetOwner))
            change.set(commitment, Commitment.Field.status, .string(Commitment.Status.proposed.rawValue))
        }
        try self.commit(bob, "Bob states the purpose: win the regional tender") { change in
            change.set(collectiveID, Collective.Field.purpose, .string("Win the regional digital tender"))
        }
        try self.commit(bob, "Bob rewrites part of the vision") { change in
            try Collective.setVision("Nous gagnons des contrats publics ensemble.", on: collectiveID, in: &change)
        }
        try self.commit(carol, "Carol states the purpose: win it and share a studio") { change in
            change.set(collectiveID, Collective.Field.purpose, .string("Win the tender, then share a studio"))
        }
        try self.commit(carol, "Carol rewrites another part of the vision") { change in
            try Collective.setVision("Nous gagnons vraiment des contrats ensemble, été comme hiver.", on: collectiveID, in: &change)
        }

        self.section("Nobody speaks for another member")
        let bobMember = try Workspace(alice).directory.member(for: bob.author)
        if let bobMember {
            do {
                try alice.commit(message: "") { change in
                    let checkIn = change.create(RecordKind.phaseCheckIn)
                    change.set(checkIn, PhaseCheckIn.Field.member, .record(bobMember.id))
                    change.set(checkIn, PhaseCheckIn.Field.phase, .string("euphoria"))
                }
                self.say("Alice recorded a check-in in Bob's name: THIS SHOULD NOT HAPPEN")
                return false
            } catch let error as AuthorityError {
                self.say("Alice tries to record Bob's phase check-in; refused before anything is signed:\n  \(try Workspace(alice).explain(error.refusal))")
            }
        }
        try self.commit(bob, "Bob checks in: crisis (his own perception)") { change in
            let checkIn = change.create(RecordKind.phaseCheckIn)
            change.set(checkIn, PhaseCheckIn.Field.member, .record(try Self.require(bobMember).id))
            change.set(checkIn, PhaseCheckIn.Field.phase, .string("crisis"))
        }

        self.section("They sync over TCP, each in a different order")
        try self.sync(alice, "Bob", ports)
        try self.sync(carol, "Alice", ports)
        try self.sync(bob, "Carol", ports)
        try self.sync(alice, "Carol", ports)

        self.section("Converged?")
        let all = [alice, bob, carol]
        let hashes = try all.map { try $0.stateHash() }
        for (replica, hash) in zip(all, hashes) {
            self.say("\(try self.name(of: replica).padding(toLength: 6, withPad: " ", startingAt: 0)) state \(hash.prefix(16))")
        }
        let converged = Set(hashes).count == 1
        self.say(converged ? "All three replicas hold the same state." : "The replicas DIFFER.")

        self.section("Concurrent edits are kept, not lost")
        self.say(EntenteCommand.Conflicts.render(EntenteCommand.Conflicts.collect(try Workspace(alice))))
        let vision = Collective.find(in: try alice.records(kind: RecordKind.collective))?.vision ?? ""
        self.say("The vision statement merged both rewrites, word by word:\n  \(vision)")

        self.section("Audit of Alice's replica: who committed what")
        let workspace = try Workspace(alice)
        for entry in try alice.log() {
            self.say("\(entry.id.short)  \(workspace.directory.name(of: entry.author).padding(toLength: 6, withPad: " ", startingAt: 0)) #\(entry.seq)  \(entry.message)")
        }
        var passed = true
        for replica in all {
            let report = try replica.audit(rebuild: true)
            passed = passed && report.passed
            self.say("\(try self.name(of: replica)): \(report.checkedChanges) signatures and chains verified, rebuild \(report.rebuildMatches == true ? "matches" : "DIFFERS"), \(report.passed ? "audit passed" : "AUDIT FAILED")")
        }
        return converged && passed
    }

    static func require(_ member: Member?) throws -> Member {
        guard let member else { throw CLIError("the demo lost track of a member") }
        return member
    }

    func sync(_ replica: Replica, _ peer: String, _ ports: [String: UInt16]) throws {
        guard let port = ports[peer] else { return }
        var logger = Logger(label: "entente.demo")
        logger.logLevel = .warning
        let summary = try SyncClient.sync(replica: replica, host: "127.0.0.1", port: port, logger: logger)
        self.say("\(try self.name(of: replica)) \(summary.line)")
    }

    func commit(_ replica: Replica, _ message: String, _ build: (inout ChangeBuilder) throws -> Void) throws {
        let change = try replica.commit(message: message, build)
        self.say("\(try self.name(of: replica).padding(toLength: 6, withPad: " ", startingAt: 0)) \(change.id.short)  \(message)")
    }

    func name(of replica: Replica) throws -> String {
        try Workspace(replica).directory.name(of: replica.author)
    }

    func collectiveRecord(_ replica: Replica) throws -> RecordID {
        guard let record = try replica.records(kind: RecordKind.collective).first else {
            throw CLIError("the demo collective has no collective record")
        }
        return record.id
    }
}
