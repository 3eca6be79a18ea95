import EntenteCore
import EntenteStore
import EntenteSync
import Foundation
import Logging

/// One moment of the demo's story, told as it happens: the story's own sentences in each
/// language, and what the replicas did (syncs, changes, conflicts, the log) for the reader's
/// interface to put in words.
public enum DemoEvent {
    /// A new part of the story begins, with its title.
    case section(Phrase)
    /// A sentence of the story.
    case said(Phrase)
    /// `name` joined with a single-use invite; how the first sync went.
    case joined(name: String, summary: SyncSummary)
    /// `name` signed `change`; `words` tell it (the replica's, once the change is in).
    case committed(name: String, change: SignedChange, words: ChangeWords)
    /// `name`'s replica synced with another one.
    case synced(name: String, summary: SyncSummary)
    /// The concurrent edits a replica keeps after the syncs, to list.
    case conflicts(Workspace)
    /// A line of the audited replica's log; `signer` labels its author, `summary` of the
    /// line says what it did in the script's language.
    case logged(LogLine, signer: String)
}

/// The scripted story of `entente demo`, usable from tests and the board: three replicas in
/// `root`, each served over real TCP on loopback, joining by invite, editing offline, syncing
/// in different orders, converging and passing their audits. Each step is told to `tell`.
public struct DemoScript {
    public let root: URL
    /// The language the log's lines are told in (``DemoEvent/logged(_:signer:)``).
    public let language: Language
    let logger: Logger
    let tell: (DemoEvent) throws -> Void

    public init(root: URL, language: Language = .current, logger: Logger = .quiet("entente.demo"), tell: @escaping (DemoEvent) throws -> Void) {
        self.root = root
        self.language = language
        self.logger = logger
        self.tell = tell
    }

    func folder(_ name: String) -> ReplicaFolder { ReplicaFolder(self.root.appendingPathComponent(name)) }

    func section(_ english: String, fr french: String) throws {
        try self.tell(.section(Phrase(english, fr: french)))
    }

    func say(_ english: String, fr french: String) throws {
        try self.tell(.said(Phrase(english, fr: french)))
    }

    /// Runs the story; returns whether the three replicas converged and passed their audits.
    public func run() throws -> Bool {
        var servers: [SyncServer] = []
        defer { for server in servers { server.stop() } }
        func serve(_ replica: Replica) throws -> UInt16 {
            let server = SyncServer(replica: replica, logger: self.logger)
            let port = try server.start(bind: "127.0.0.1", port: 0)
            servers.append(server)
            return port
        }

        try self.section("Alice founds the collective and serves it on loopback; Bob and Carol join by invite",
                         fr: "Alice fonde le collectif et le sert sur la boucle locale ; Bob et Carol rejoignent sur invitation")
        let alice = try Replica.found(self.folder("alice"), collective: "Atelier Commun", founder: "Alice")
        var ports: [String: UInt16] = ["Alice": try serve(alice)]
        let aliceServer = servers[0]
        var replicas: [String: Replica] = ["Alice": alice]
        for name in ["Bob", "Carol"] {
            let invite = try aliceServer.makeInvite(host: "127.0.0.1", lifetime: 600)
            let (replica, summary) = try SyncClient.join(invite: invite, name: name, folder: self.folder(name.lowercased()), logger: self.logger)
            try self.tell(.joined(name: name, summary: summary))
            replicas[name] = replica
            ports[name] = try serve(replica)
        }
        guard let bob = replicas["Bob"], let carol = replicas["Carol"] else { return false }
        try self.sync(bob, "Alice", ports)
        try self.say("Each replica knows 3 members.", fr: "Chaque réplica connaît 3 membres.")

        try self.section("Offline, each one edits their own replica", fr: "Hors ligne, chacun modifie son propre réplica")
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

        try self.section("Nobody speaks for another member", fr: "Personne ne parle au nom d'un autre membre")
        let bobMember = try Workspace(alice).directory.member(for: bob.author)
        if let bobMember {
            do {
                try alice.commit(message: "") { change in
                    let checkIn = change.create(RecordKind.phaseCheckIn)
                    change.set(checkIn, PhaseCheckIn.Field.member, .record(bobMember.id))
                    change.set(checkIn, PhaseCheckIn.Field.phase, .string("euphoria"))
                }
                try self.say("Alice recorded a check-in in Bob's name: THIS SHOULD NOT HAPPEN",
                             fr: "Alice a noté un relevé de phase au nom de Bob : CELA NE DEVRAIT PAS ARRIVER")
                return false
            } catch let error as AuthorityError {
                let why = try Workspace(alice).explain(error.refusal)
                try self.say("Alice tries to record Bob's phase check-in; refused before anything is signed:\n  \(why)",
                             fr: "Alice essaie de noter le relevé de phase de Bob ; refusé avant toute signature :\n  \(why.french)")
            }
        }
        // A note typed with the change (`--message`), shown after what the change did.
        let note = Phrase("my own perception, after the budget meeting", fr: "ma propre perception, après la réunion sur le budget")
        try self.commit(bob, note: note.text(self.language)) { change in
            let checkIn = change.create(RecordKind.phaseCheckIn)
            change.set(checkIn, PhaseCheckIn.Field.member, .record(try Self.require(bobMember).id))
            change.set(checkIn, PhaseCheckIn.Field.phase, .string("crisis"))
            change.set(checkIn, PhaseCheckIn.Field.date, .string(Dates.today()))
        }

        try self.section("They sync over TCP, each in a different order", fr: "Ils se synchronisent en TCP, chacun dans un ordre différent")
        try self.sync(alice, "Bob", ports)
        try self.sync(carol, "Alice", ports)
        try self.sync(bob, "Carol", ports)
        try self.sync(alice, "Carol", ports)

        try self.section("Converged?", fr: "Convergence ?")
        let all = [alice, bob, carol]
        let hashes = try all.map { try $0.stateHash() }
        for (replica, hash) in zip(all, hashes) {
            let name = try self.name(of: replica).padding(toLength: 6, withPad: " ", startingAt: 0)
            try self.say("\(name) state \(hash.prefix(16))", fr: "\(name) état \(hash.prefix(16))")
        }
        let converged = Set(hashes).count == 1
        try self.tell(.said(converged ? Phrase("All three replicas hold the same state.", fr: "Les trois réplicas ont le même état.")
                                      : Phrase("The replicas DIFFER.", fr: "Les réplicas DIFFÈRENT.")))

        try self.section("Concurrent edits are kept, not lost", fr: "Les modifications simultanées sont gardées, pas perdues")
        try self.tell(.conflicts(try Workspace(alice)))
        let vision = Collective.find(in: try alice.records(kind: RecordKind.collective))?.vision ?? ""
        try self.say("The vision statement merged both rewrites, word by word:\n  \(vision)",
                     fr: "L'énoncé de vision a fusionné les deux réécritures, mot par mot :\n  \(vision)")

        try self.section("Audit of Alice's replica: who committed what", fr: "Audit du réplica d'Alice : qui a enregistré quoi")
        let workspace = try Workspace(alice)
        let words = try workspace.changeWords()
        for entry in try alice.log(describe: { words.change($0).text(self.language) }) {
            try self.tell(.logged(entry, signer: workspace.directory.label(of: entry.author, at: entry.timestamp, names: words.names)))
        }
        var passed = true
        for replica in all {
            let report = try replica.audit(rebuild: true)
            passed = passed && report.passed
            let name = try self.name(of: replica), matches = report.rebuildMatches == true
            try self.say("\(name): \(report.checkedChanges) signatures and their history verified, rebuild \(matches ? "matches" : "DIFFERS"), \(report.passed ? "audit passed" : "AUDIT FAILED")",
                         fr: "\(name) : \(report.checkedChanges) signatures et leur historique vérifiés, reconstruction \(matches ? "identique" : "DIFFÉRENTE"), "
                             + "\(report.passed ? "audit réussi" : "AUDIT ÉCHOUÉ")")
        }
        return converged && passed
    }

    static func require(_ member: Member?) throws -> Member {
        guard let member else {
            throw ActionError(Phrase("the demo lost track of a member", fr: "la démonstration a perdu la trace d'un membre"))
        }
        return member
    }

    func sync(_ replica: Replica, _ peer: String, _ ports: [String: UInt16]) throws {
        guard let port = ports[peer] else { return }
        let summary = try SyncClient.sync(replica: replica, host: "127.0.0.1", port: port, logger: self.logger)
        try self.tell(.synced(name: try self.name(of: replica), summary: summary))
    }

    /// Commits one change on `replica` (with `note` as its message, as `--message` does) and
    /// tells what it did.
    func commit(_ replica: Replica, note: String = "", _ build: (inout ChangeBuilder) throws -> Void) throws {
        let change = try replica.commit(message: note, build)
        let workspace = try Workspace(replica)
        try self.tell(.committed(name: workspace.directory.name(of: replica.author), change: change, words: try workspace.changeWords()))
    }

    func name(of replica: Replica) throws -> String {
        try Workspace(replica).directory.name(of: replica.author)
    }

    func collectiveRecord(_ replica: Replica) throws -> RecordID {
        guard let record = try replica.records(kind: RecordKind.collective).first else {
            throw ActionError(Phrase("the demo collective has no collective record",
                                     fr: "le collectif de la démonstration n'a pas de fiche de collectif"))
        }
        return record.id
    }
}
