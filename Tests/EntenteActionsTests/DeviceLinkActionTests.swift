import EntenteActions
import EntenteCore
import EntenteStore
import EntenteTestSupport
import Foundation
import Testing

/// Linking another device of one's own, as an action (the command line only prints it).
@Suite struct DeviceLinkActionTests {
    @Test func aLinkedDeviceSpeaksForItsMemberAndHoldsTheVision() throws {
        let trio = try PermissionTests.Trio()
        defer { trio.directory.remove() }
        let laptop = trio.directory.url.appendingPathComponent("alice-laptop")
        let outcome = try Workspace(trio.alice).linkDevice(at: laptop)
        #expect(outcome.change != nil)
        let linked = try Replica.open(ReplicaFolder(laptop))
        #expect(outcome.summary.english.hasPrefix("Linked a new device of Alice in \(laptop.path) (fingerprint \(linked.author.fingerprint))."))
        #expect(outcome.summary.french.hasPrefix("Nouvel appareil d'Alice relié dans \(laptop.path)"), "\(outcome.summary.french)")
        #expect(outcome.summary.english.split(separator: "\n").count == 2)
        // The new device's key is Alice's, on both replicas, and it holds the same vision.
        #expect(try Workspace(linked).me().name == "Alice")
        #expect(try Workspace(trio.alice).directory.member(for: linked.author)?.name == "Alice")
        #expect(try linked.stateHash() == trio.alice.stateHash())
    }

    @Test func anExistingFolderIsNeitherLinkedNorTouched() throws {
        let trio = try PermissionTests.Trio()
        defer { trio.directory.remove() }
        let changes = try trio.alice.changeCount()
        // Bob's replica folder is there: linking into it is refused, and it stays whole.
        // The error names the command's folder, not `--replica` (which names this device's).
        #expect {
            try Workspace(trio.alice).linkDevice(at: trio.bob.folder.url)
        } throws: { error in
            guard let refusal = error as? ActionError else { return false }
            return refusal.phrase.english.hasPrefix("\(trio.bob.folder.url.path) already holds a replica; give `entente device link` a new or empty folder")
                && refusal.phrase.french.contains("contient déjà un réplica ; donnez à `entente device link` un dossier nouveau ou vide")
                && !refusal.phrase.english.contains("--replica") && !refusal.phrase.french.contains("--replica")
        }
        #expect(FileManager.default.fileExists(atPath: trio.bob.folder.database.path))
        #expect(try trio.alice.changeCount() == changes)
    }
}
