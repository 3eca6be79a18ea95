import EntenteActions
import EntenteCore
import EntenteStore
import EntenteTestSupport
import Foundation
import Testing

/// Issue 25: the board offers only what the member may do, decided by the core's own rules
/// (a dry run of the operations the actions commit), and nothing is written by asking.
@Suite struct PermissionTests {
    /// Alice, Bob and Carol each on their own replica, all holding everything; Alice commits
    /// to something towards Bob and proposes a decision.
    struct Trio {
        let directory: TemporaryDirectory
        let alice: Replica, bob: Replica, carol: Replica

        init() throws {
            let directory = try TemporaryDirectory("entente-permissions")
            self.directory = directory
            let folder = { (name: String) in ReplicaFolder(directory.url.appendingPathComponent(name)) }
            self.alice = try Replica.found(folder("alice"), collective: "Atelier", founder: "Alice")
            let secret = try self.alice.secretChain().current
            self.bob = try Replica.create(folder("bob"), collective: self.alice.collective, secret: secret)
            self.carol = try Replica.create(folder("carol"), collective: self.alice.collective, secret: secret)
            let (bob, carol) = (self.bob, self.carol)
            try self.alice.commit(message: "") { change in
                _ = Admission.admit(name: "Bob", key: bob.author, noiseKey: try bob.noisePublicKey(), into: &change)
                _ = Admission.admit(name: "Carol", key: carol.author, noiseKey: try carol.noisePublicKey(), into: &change)
            }
            _ = try Workspace(self.alice).addCommitment(what: "Draft the tender answer", towards: ["Bob"])
            _ = try Workspace(self.alice).proposeDecision("Rent the studio")
            try self.bob.merge(from: self.alice.folder.url)
            try self.carol.merge(from: self.alice.folder.url)
        }

        func permissions(_ replica: Replica) throws -> (Permissions, RecordID, RecordID) {
            let workspace = try Workspace(replica)
            let commitment = try #require(workspace.vision.commitments.first)
            let decision = try #require(workspace.vision.decisions.first)
            let permissions = try #require(workspace.permissions(commitments: [commitment], decisions: [decision]))
            return (permissions, commitment.id, decision.id)
        }
    }

    @Test func eachMemberIsOfferedWhatTheCoreWouldAccept() throws {
        let trio = try Trio()
        defer { trio.directory.remove() }
        // Alice made it: every status but "accepted" (she cannot accept her own), no acceptance.
        let (alice, commitment, decision) = try trio.permissions(trio.alice)
        #expect(alice.commitmentStatuses[commitment] == [.done, .dropped, .broken])
        #expect(!alice.acceptable.contains(commitment))
        #expect(alice.closable.contains(decision))
        // Bob is owed it: he may accept it, or say it was broken; he does not close Alice's decision.
        let (bob, _, _) = try trio.permissions(trio.bob)
        #expect(bob.commitmentStatuses[commitment] == [.accepted, .broken])
        #expect(bob.acceptable.contains(commitment))
        #expect(!bob.closable.contains(decision))
        // Carol is owed nothing: no status, no acceptance.
        let (carol, _, _) = try trio.permissions(trio.carol)
        #expect(carol.commitmentStatuses[commitment] == nil)
        #expect(carol.acceptable.isEmpty && carol.closable.isEmpty)
    }

    @Test func whatIsOfferedIsWhatTheActionsAccept() throws {
        let trio = try Trio()
        defer { trio.directory.remove() }
        let before = try trio.carol.changeCount()
        _ = try trio.permissions(trio.carol)
        #expect(try trio.carol.changeCount() == before, "asking writes nothing")
        // Every verdict agrees with the action run for real, on copies of the state.
        let bob = try Workspace(trio.bob)
        #expect(throws: ActionError.self) { try bob.updateCommitment("Draft the tender answer", status: "done") }
        _ = try bob.updateCommitment("Draft the tender answer", status: "broken")
        let carol = try Workspace(trio.carol)
        #expect(throws: ActionError.self) { try carol.acceptCommitment("Draft the tender answer") }
        #expect(throws: ActionError.self) { try carol.closeDecision("Rent the studio", status: "withdrawn") }
    }

    /// Refusals read in the words of where the person acts: a command on the command line,
    /// the board on the board.
    @Test func refusalsAreWordedForTheBoard() throws {
        let trio = try Trio()
        defer { trio.directory.remove() }
        var carol = try Workspace(trio.carol)
        do {
            _ = try carol.updateCommitment("Draft the tender answer", status: "done")
            Issue.record("Carol changed Alice's commitment")
        } catch let error as ActionError {
            #expect(error.phrase.english.contains("`entente "), "\(error.phrase.english)")
        }
        carol.front = .board
        do {
            _ = try carol.updateCommitment("Draft the tender answer", status: "done")
            Issue.record("Carol changed Alice's commitment")
        } catch let error as ActionError {
            #expect(error.phrase.english == "Only Alice can record Alice's commitment: Alice does it on their own board.", "\(error.phrase.english)")
            #expect(error.phrase.french == "Il n'appartient qu'à Alice d'enregistrer l'engagement d'Alice : Alice le fait sur son propre tableau.", "\(error.phrase.french)")
            #expect(!error.phrase.english.contains("entente") && !error.phrase.french.contains("entente"))
        }
    }
}
