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
            commandName: "demo",
            abstract: tr("Three freelancers, served over TCP on loopback, edit offline, sync in different orders and converge; the audit is shown.",
                         "Trois indépendants, servis en TCP sur la boucle locale, modifient hors ligne, se synchronisent dans des ordres différents et convergent ; l'audit est affiché."),
            discussion: tr("Everything happens in a temporary folder, which is removed afterwards unless --keep is given.",
                           "Tout se passe dans un dossier temporaire, supprimé ensuite sauf avec --keep."))

        @Flag(help: ArgumentHelp(tr("Keep the temporary replicas and print where they are.",
                                    "Garder les réplicas temporaires et afficher où ils sont."))) var keep = false

        func run() throws {
            let root = FileManager.default.temporaryDirectory.appendingPathComponent("entente-demo-\(UUID().uuidString.prefix(8))")
            defer { if !self.keep { try? FileManager.default.removeItem(at: root) } }
            let script = DemoScript(root: root, say: { print($0) })
            let converged = try script.run()
            // In English in every language: scripts/board-browser-test.py reads the folder from this line.
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
        let logger = ConsoleLogHandler.logger("entente.demo", level: .warning)
        var servers: [SyncServer] = []
        defer { for server in servers { server.stop() } }
        func serve(_ replica: Replica) throws -> UInt16 {
            let server = SyncServer(replica: replica, logger: logger)
            let port = try server.start(bind: "127.0.0.1", port: 0)
            servers.append(server)
            return port
        }

        self.section(tr("Alice founds the collective and serves it on loopback; Bob and Carol join by invite",
                        "Alice fonde le collectif et le sert sur la boucle locale ; Bob et Carol rejoignent sur invitation"))
        let alice = try Replica.found(self.folder("alice"), collective: "Atelier Commun", founder: "Alice")
        var ports: [String: UInt16] = ["Alice": try serve(alice)]
        let aliceServer = servers[0]
        var replicas: [String: Replica] = ["Alice": alice]
        for name in ["Bob", "Carol"] {
            let invite = try aliceServer.makeInvite(host: "127.0.0.1", lifetime: 600)
            let (replica, summary) = try SyncClient.join(invite: invite, name: name, folder: self.folder(name.lowercased()), logger: logger)
            self.say(tr("\(name) joins with a single-use invite: \(summary.line)",
                        "\(name) rejoint avec une invitation à usage unique : \(SyncText.line(summary))"))
            replicas[name] = replica
            ports[name] = try serve(replica)
        }
        guard let bob = replicas["Bob"], let carol = replicas["Carol"] else { return false }
        try self.sync(bob, "Alice", ports)
        self.say(tr("Each replica knows 3 members.", "Chaque réplica connaît 3 membres."))

        self.section(tr("Offline, each one edits their own replica", "Hors ligne, chacun modifie son propre réplica"))
        let collectiveID = try self.collectiveRecord(alice)
        let aliceMember = try Workspace(alice).me().id, budgetOwner = try Workspace(bob).me().id
        try self.commit(alice) { change in
            let commitment = change.create(RecordKind.commitment)
            change.set(commitment, Commitment.Field.what, .string("Draft the tender answer"))
            change.set(commitment, Commitment.Field.by, .record(aliceMember))
            change.set(commitment, Commitment.Field.status, .string(Commitment.Status.proposed.rawValue))
            change.set(commitment, Commitment.Field.due, .string("2026-12-15"))
        }
        try self.commit(alice) { change in
            try Collective.setVision("Nous gagnons des contrats ensemble.", on: collectiveID, in: &change)
        }
        try self.sync(bob, "Alice", ports)
        try self.sync(carol, "Alice", ports)
        try self.commit(bob) { change in
            let commitment = change.create(RecordKind.commitment)
            change.set(commitment, Commitment.Field.what, .string("Build the budget"))
            change.set(commitment, Commitment.Field.by, .record(budgetOwner))
            change.set(commitment, Commitment.Field.status, .string(Commitment.Status.proposed.rawValue))
        }
        try self.commit(bob) { change in
            change.set(collectiveID, Collective.Field.purpose, .string("Win the regional digital tender"))
        }
        try self.commit(bob) { change in
            try Collective.setVision("Nous gagnons des contrats publics ensemble.", on: collectiveID, in: &change)
        }
        try self.commit(carol) { change in
            change.set(collectiveID, Collective.Field.purpose, .string("Win the tender, then share a studio"))
        }
        try self.commit(carol) { change in
            try Collective.setVision("Nous gagnons vraiment des contrats ensemble, été comme hiver.", on: collectiveID, in: &change)
        }

        self.section(tr("Nobody speaks for another member", "Personne ne parle au nom d'un autre membre"))
        let bobMember = try Workspace(alice).directory.member(for: bob.author)
        if let bobMember {
            do {
                try alice.commit(message: "") { change in
                    let checkIn = change.create(RecordKind.phaseCheckIn)
                    change.set(checkIn, PhaseCheckIn.Field.member, .record(bobMember.id))
                    change.set(checkIn, PhaseCheckIn.Field.phase, .string("euphoria"))
                }
                self.say(tr("Alice recorded a check-in in Bob's name: THIS SHOULD NOT HAPPEN",
                            "Alice a noté un relevé de phase au nom de Bob : CELA NE DEVRAIT PAS ARRIVER"))
                return false
            } catch let error as AuthorityError {
                let why = try Workspace(alice).explain(error.refusal)
                self.say(tr("Alice tries to record Bob's phase check-in; refused before anything is signed:\n  \(why)",
                            "Alice essaie de noter le relevé de phase de Bob ; refusé avant toute signature :\n  \(why.french)"))
            }
        }
        // A note typed with the change (`--message`), shown after what the change did.
        try self.commit(bob, note: tr("my own perception, after the budget meeting", "ma propre perception, après la réunion sur le budget")) { change in
            let checkIn = change.create(RecordKind.phaseCheckIn)
            change.set(checkIn, PhaseCheckIn.Field.member, .record(try Self.require(bobMember).id))
            change.set(checkIn, PhaseCheckIn.Field.phase, .string("crisis"))
            change.set(checkIn, PhaseCheckIn.Field.date, .string(Dates.today()))
        }

        self.section(tr("They sync over TCP, each in a different order", "Ils se synchronisent en TCP, chacun dans un ordre différent"))
        try self.sync(alice, "Bob", ports)
        try self.sync(carol, "Alice", ports)
        try self.sync(bob, "Carol", ports)
        try self.sync(alice, "Carol", ports)

        self.section(tr("Converged?", "Convergence ?"))
        let all = [alice, bob, carol]
        let hashes = try all.map { try $0.stateHash() }
        for (replica, hash) in zip(all, hashes) {
            let name = try self.name(of: replica).padding(toLength: 6, withPad: " ", startingAt: 0)
            self.say(tr("\(name) state \(hash.prefix(16))", "\(name) état \(hash.prefix(16))"))
        }
        let converged = Set(hashes).count == 1
        self.say(converged ? tr("All three replicas hold the same state.", "Les trois réplicas ont le même état.")
                           : tr("The replicas DIFFER.", "Les réplicas DIFFÈRENT."))

        self.section(tr("Concurrent edits are kept, not lost", "Les modifications simultanées sont gardées, pas perdues"))
        self.say(EntenteCommand.Conflicts.render(try EntenteCommand.Conflicts.collect(try Workspace(alice))))
        let vision = Collective.find(in: try alice.records(kind: RecordKind.collective))?.vision ?? ""
        self.say(tr("The vision statement merged both rewrites, word by word:\n  \(vision)",
                    "L'énoncé de vision a fusionné les deux réécritures, mot par mot :\n  \(vision)"))

        self.section(tr("Audit of Alice's replica: who committed what", "Audit du réplica d'Alice : qui a enregistré quoi"))
        let workspace = try Workspace(alice)
        let words = try workspace.changeWords()
        for entry in try alice.log(describe: { words.change($0).localized }) {
            let name = workspace.directory.label(of: entry.author, at: entry.timestamp, names: words.names).padding(toLength: 13, withPad: " ", startingAt: 0)
            self.say("\(entry.id.short)  \(name) #\(entry.seq)  \(TerminalText.oneLine(ChangeText.noted(entry.summary ?? "", entry.message)))")
        }
        var passed = true
        for replica in all {
            let report = try replica.audit(rebuild: true)
            passed = passed && report.passed
            let name = try self.name(of: replica), matches = report.rebuildMatches == true
            self.say(tr("\(name): \(report.checkedChanges) signatures and their history verified, rebuild \(matches ? "matches" : "DIFFERS"), \(report.passed ? "audit passed" : "AUDIT FAILED")",
                        "\(name) : \(report.checkedChanges) signatures et leur historique vérifiés, reconstruction \(matches ? "identique" : "DIFFÉRENTE"), "
                            + "\(report.passed ? "audit réussi" : "AUDIT ÉCHOUÉ")"))
        }
        return converged && passed
    }

    static func require(_ member: Member?) throws -> Member {
        guard let member else { throw CLIError("the demo lost track of a member") }
        return member
    }

    func sync(_ replica: Replica, _ peer: String, _ ports: [String: UInt16]) throws {
        guard let port = ports[peer] else { return }
        let logger = ConsoleLogHandler.logger("entente.demo", level: .warning)
        let summary = try SyncClient.sync(replica: replica, host: "127.0.0.1", port: port, logger: logger)
        self.say("\(try self.name(of: replica)) \(SyncText.line(summary))")
    }

    /// Commits one change on `replica` (with `note` as its message, as `--message` does) and
    /// tells what it did, in the reader's language.
    func commit(_ replica: Replica, note: String = "", _ build: (inout ChangeBuilder) throws -> Void) throws {
        let change = try replica.commit(message: note, build)
        let workspace = try Workspace(replica)
        let words = try workspace.changeWords()
        let name = workspace.directory.name(of: replica.author).padding(toLength: 6, withPad: " ", startingAt: 0)
        self.say("\(name) \(change.id.short)  \(TerminalText.oneLine(ChangeText.summary(change, words)))")
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
