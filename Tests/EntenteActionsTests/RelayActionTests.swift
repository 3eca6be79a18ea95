import EntenteActions
import EntenteCore
import EntenteStore
import EntenteTestSupport
import Foundation
import Testing

/// A replica's relay folders, as `entente relay add/list/remove` print them.
@Suite struct RelayActionTests {
    @Test func aFolderAddedIsWrittenToAtOnceListedAndRemoved() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let home = EntenteHome(directory.url.appendingPathComponent("home"))
        let alice = try CollectiveFounding.found(collective: "Atelier", founder: "Alice", replicaPath: directory.path("alice"), home: home).replica
        let shared = directory.url.appendingPathComponent("Dropbox-atelier")
        try FileManager.default.createDirectory(at: shared, withIntermediateDirectories: true)

        let (folder, exchanged) = try RelayActions.add(shared.path, to: alice)
        #expect(folder.path == shared.path)
        #expect(exchanged != nil, "the first exchange writes Alice's changes and says so")
        #expect(try !FileManager.default.contentsOfDirectory(atPath: shared.path).isEmpty)
        #expect(try RelayActions.folders(of: alice).map(\.path) == [shared.path])

        try RelayActions.remove(shared.path, from: alice)
        #expect(try RelayActions.folders(of: alice).isEmpty)
        #expect(try !FileManager.default.contentsOfDirectory(atPath: shared.path).isEmpty, "its files stay")
    }

    @Test func whatIsNoRelayFolderIsToldInBothLanguages() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let home = EntenteHome(directory.url.appendingPathComponent("home"))
        let alice = try CollectiveFounding.found(collective: "Atelier", founder: "Alice", replicaPath: directory.path("alice"), home: home).replica

        for refused in [directory.path("missing"), directory.path("alice")] {
            #expect { try RelayActions.add(refused, to: alice) } throws: { error in
                guard let phrase = (error as? ActionError)?.phrase else { return false }
                return !phrase.english.isEmpty && !phrase.french.isEmpty && phrase.english != phrase.french
            }
        }
        #expect(throws: ActionError.self) { try RelayActions.remove(directory.path("never-added"), from: alice) }
        #expect(try RelayActions.folders(of: alice).isEmpty)
    }
}
