import ArgumentParser
import EntenteCore
import EntenteStore
import Foundation

extension EntenteCommand {
    struct Demo: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Three freelancers edit offline, merge in different orders, and converge; the audit is shown.",
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

/// The scripted story of `entente demo`, usable from tests.
struct DemoScript {
    let root: URL
    let say: (String) -> Void

    func folder(_ name: String) -> ReplicaFolder { ReplicaFolder(self.root.appendingPathComponent(name)) }

    func section(_ title: String) {
        self.say("\n== \(title)")
    }

    /// Runs the story; returns whether the three replicas converged and passed their audits.
    func run() throws -> Bool {
        self.section("Alice founds the collective; Bob and Carol join from a copy of her replica")
        let alice = try Replica.create(self.folder("alice"), collective: .random(), secret: nil)
        try alice.commit(message: "Found the collective Atelier Commun; Alice joins") { change in
            let collective = change.create(RecordKind.collective)
            change.set(collective, "name", .string("Atelier Commun"))
            EntenteCommand.Init.addSelf("Alice", replica: alice, to: &change)
        }
        let bob = try self.join("bob", name: "Bob", from: alice)
        let carol = try self.join("carol", name: "Carol", from: alice)
        for (replica, others) in [(alice, [bob, carol]), (bob, [carol]), (carol, [bob])] {
            for other in others { try replica.merge(from: other.folder.url) }
        }
        self.say("Each replica knows 3 members.")

        self.section("Offline, each one edits their own replica")
        let collectiveID = try self.collectiveRecord(alice)
        try self.commit(alice, "Alice commits to drafting the tender answer") { change in
            let commitment = change.create(RecordKind.commitment)
            change.set(commitment, Commitment.Field.what, .string("Draft the tender answer"))
            change.set(commitment, Commitment.Field.due, .string("2026-12-15"))
        }
        try self.commit(bob, "Bob commits to building the budget") { change in
            let commitment = change.create(RecordKind.commitment)
            change.set(commitment, Commitment.Field.what, .string("Build the budget"))
        }
        try self.commit(bob, "Bob states the purpose: win the regional tender") { change in
            change.set(collectiveID, "purpose", .string("Win the regional digital tender"))
        }
        try self.commit(carol, "Carol states the purpose: win it and share a studio") { change in
            change.set(collectiveID, "purpose", .string("Win the tender, then share a studio"))
        }

        self.section("They merge, each in a different order")
        for (replica, order) in [(alice, [bob, carol]), (carol, [alice, bob]), (bob, [alice, carol])] {
            var line: [String] = []
            for other in order {
                let report = try replica.merge(from: other.folder.url)
                line.append("\(report.applied.count) from \(try self.name(of: other))")
            }
            self.say("\(try self.name(of: replica)) merges " + line.joined(separator: ", then "))
        }
        try alice.merge(from: bob.folder.url)

        self.section("Converged?")
        let hashes = try [alice, bob, carol].map { try $0.stateHash() }
        for (replica, hash) in zip([alice, bob, carol], hashes) {
            self.say("\(try self.name(of: replica).padding(toLength: 6, withPad: " ", startingAt: 0)) state \(hash.prefix(16))")
        }
        let converged = Set(hashes).count == 1
        self.say(converged ? "All three replicas hold the same state." : "The replicas DIFFER.")

        self.section("The concurrent edit is kept, not lost")
        self.say(EntenteCommand.Conflicts.render(EntenteCommand.Conflicts.collect(try Workspace(alice))))

        self.section("Audit of Alice's replica: who committed what")
        let workspace = try Workspace(alice)
        for entry in try alice.log() {
            self.say("\(entry.id.short)  \(workspace.directory.name(of: entry.author).padding(toLength: 6, withPad: " ", startingAt: 0)) #\(entry.seq)  \(entry.message)")
        }
        var passed = true
        for replica in [alice, bob, carol] {
            let report = try replica.audit(rebuild: true)
            passed = passed && report.passed
            self.say("\(try self.name(of: replica)): \(report.checkedChanges) signatures and chains verified, rebuild \(report.rebuildMatches == true ? "matches" : "DIFFERS"), \(report.passed ? "audit passed" : "AUDIT FAILED")")
        }
        return converged && passed
    }

    func join(_ folderName: String, name: String, from founder: Replica) throws -> Replica {
        let source = try Replica.openSource(founder.folder)
        let replica = try Replica.create(self.folder(folderName), collective: source.collective, secret: source.secret)
        try replica.receive(try source.changes())
        try replica.commit(message: "\(name) joins") { change in
            EntenteCommand.Init.addSelf(name, replica: replica, to: &change)
        }
        return replica
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
