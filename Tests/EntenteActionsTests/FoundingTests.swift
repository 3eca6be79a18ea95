import EntenteActions
import EntenteCore
import EntenteStore
import EntenteTestSupport
import Foundation
import Testing

/// Creating this device's replica, as the action `entente init` prints: founding a collective,
/// or being admitted from a member's replica folder, in a temporary home.
@Suite struct FoundingTests {
    @Test func aFounderIsTheFirstMemberAndTheNewCollectiveBecomesCurrent() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let home = EntenteHome(directory.url.appendingPathComponent("home"))

        let first = try CollectiveFounding.found(collective: " Atelier Nord ", founder: " Alice ", replicaPath: nil, note: "first day", home: home)
        #expect(first.replica.folder.url.path == home.collectivesFolder.appendingPathComponent("atelier-nord").path)
        #expect(first.collectiveName == "Atelier Nord")
        #expect(try Workspace(first.replica).me().name == "Alice")
        #expect(try first.replica.log().map(\.message) == ["first day"])
        #expect(first.adopted?.name == "Atelier Nord")
        #expect(first.adopted?.count == 1)

        // A second collective of the same person becomes the current one.
        let second = try CollectiveFounding.found(collective: "Studio", founder: "Alice", replicaPath: nil, home: home)
        #expect(second.adopted?.count == 2)
        #expect(home.current()?.name == "Studio")
        #expect(second.replica.collective != first.replica.collective)
    }

    @Test func aReplicaGivenByPathStaysOutOfTheHome() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let home = EntenteHome(directory.url.appendingPathComponent("home"))
        let path = directory.url.appendingPathComponent("elsewhere").path

        let founded = try CollectiveFounding.found(collective: "Atelier", founder: "Alice", replicaPath: path, home: home)
        #expect(founded.replica.folder.url.path == path)
        #expect(founded.adopted == nil)
        #expect(home.entries().isEmpty)
        // The folder holds a replica now: founding there again is refused.
        #expect(throws: StoreError.self) { try CollectiveFounding.found(collective: "Atelier", founder: "Alice", replicaPath: path, home: home) }
    }

    @Test func emptyNamesAreRefusedBeforeAnythingIsWritten() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let home = EntenteHome(directory.url.appendingPathComponent("home"))

        #expect { try CollectiveFounding.found(collective: "  ", founder: "Alice", replicaPath: nil, home: home) } throws: { error in
            guard let phrase = (error as? ActionError)?.phrase else { return false }
            return phrase.english.hasPrefix("a collective needs a name") && phrase.french.hasPrefix("un collectif a besoin d'un nom")
        }
        #expect { try CollectiveFounding.found(collective: "Atelier", founder: " ", replicaPath: nil, home: home) } throws: { error in
            (error as? ActionError)?.phrase.french.hasPrefix("un membre a besoin d'un nom") == true
        }
        #expect(!FileManager.default.fileExists(atPath: home.url.path))
    }

    @Test func aMemberAdmitsANewcomerFromTheirReplicaFolder() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let home = EntenteHome(directory.url.appendingPathComponent("home"))
        let alicePath = directory.url.appendingPathComponent("alice").path
        let alice = try CollectiveFounding.found(collective: "Atelier", founder: "Alice", replicaPath: alicePath, home: home).replica
        try alice.close()

        let admitted = try LocalAdmission.admit(name: " Bob ", from: alicePath, replicaPath: nil, note: "admitted at the studio", home: home)
        #expect(admitted.collectiveName == "Atelier")
        #expect(admitted.replica.collective == alice.collective)
        #expect(admitted.replica.folder.url.path.hasPrefix(home.collectivesFolder.path))
        #expect(admitted.adopted?.name == "Atelier")

        // Bob is in Alice's roster, admitted by a change Alice's device signed with the note...
        let inviter = try Replica.open(ReplicaFolder(URL(fileURLWithPath: alicePath)))
        let bob = try #require(try Workspace(inviter).directory.member(for: admitted.replica.author))
        #expect(bob.name == "Bob")
        #expect(try inviter.log().last?.message == "admitted at the studio")
        #expect(try inviter.log().last?.author == alice.author)
        // ...and in his own replica, which holds everything Alice's does.
        #expect(try Workspace(admitted.replica).me().name == "Bob")
        #expect(try Workspace(admitted.replica).directory.members.map(\.name).sorted() == ["Alice", "Bob"])
        #expect(try admitted.replica.stateHash() == inviter.stateHash())
    }

    @Test func anAdmissionFromAFolderWithoutAReplicaCreatesNothing() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let home = EntenteHome(directory.url.appendingPathComponent("home"))
        let nowhere = directory.url.appendingPathComponent("no-replica-here").path

        #expect(throws: (any Error).self) { try LocalAdmission.admit(name: "Bob", from: nowhere, replicaPath: nil, home: home) }
        #expect(home.entries().isEmpty)
        #expect(throws: ActionError.self) { try LocalAdmission.admit(name: "", from: nowhere, replicaPath: nil, home: home) }
    }

    /// A name of `bytes` UTF-8 bytes, in two-byte letters (French names are not ASCII).
    static func name(bytes: Int) -> String {
        String(repeating: "é", count: bytes / 2) + String(repeating: "e", count: bytes % 2)
    }

    @Test func namesUpToTheLimitFoundAndLongerOnesCreateNothing() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let home = EntenteHome(directory.url.appendingPathComponent("home"))
        let longest = Self.name(bytes: VisionLimits.maximumNameBytes), tooLong = Self.name(bytes: VisionLimits.maximumNameBytes + 1)

        let founded = try CollectiveFounding.found(collective: longest, founder: longest, replicaPath: directory.path("longest"), home: home)
        #expect(try Workspace(founded.replica).me().name == longest)
        #expect(founded.collectiveName == longest)

        for (collective, founder) in [(tooLong, "Alice"), ("Atelier", tooLong)] {
            #expect { try CollectiveFounding.found(collective: collective, founder: founder, replicaPath: directory.path("refused"), home: home) } throws: { error in
                guard let phrase = (error as? ActionError)?.phrase else { return false }
                return phrase.english.contains("at most \(VisionLimits.maximumNameBytes) bytes") && phrase.french.contains("au plus \(VisionLimits.maximumNameBytes) octets")
            }
            #expect(!FileManager.default.fileExists(atPath: directory.path("refused")))
        }
    }

    @Test func anAdmissionRefusedLeavesNoFolderAndTheInviterUnchanged() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let home = EntenteHome(directory.url.appendingPathComponent("home"))
        let alice = try CollectiveFounding.found(collective: "Atelier", founder: "Alice", replicaPath: directory.path("alice"), home: home).replica
        let before = try alice.stateHash()

        // Too long by one byte, or the name of a member already there (as people type it).
        for name in [Self.name(bytes: VisionLimits.maximumNameBytes + 1), "alice"] {
            #expect(throws: ActionError.self) { try LocalAdmission.admit(name: name, from: directory.path("alice"), replicaPath: directory.path("newcomer"), home: home) }
            #expect(!FileManager.default.fileExists(atPath: directory.path("newcomer")))
        }
        #expect(try alice.stateHash() == before)
        // The longest name is admitted.
        let admitted = try LocalAdmission.admit(name: Self.name(bytes: VisionLimits.maximumNameBytes), from: directory.path("alice"), replicaPath: directory.path("newcomer"), home: home)
        #expect(try Workspace(admitted.replica).me().name == Self.name(bytes: VisionLimits.maximumNameBytes))
    }
}
