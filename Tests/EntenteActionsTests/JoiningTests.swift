import EntenteActions
import EntenteCore
import EntenteStore
import EntenteSync
import EntenteTestSupport
import Foundation
import Testing

/// Joining with an invite code, as the action `entente join` prints: where the replica goes,
/// the inviter kept as a peer, a join done twice, the home's current collective.
@Suite struct JoiningTests {
    @Test func aNewcomerJoinsKeepsTheInviterAsAPeerAndIsToldWhenAlreadyJoined() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let alice = try Replica.found(ReplicaFolder(directory.url.appendingPathComponent("alice")), collective: "Atelier", founder: "Alice")
        let server = SyncServer(replica: alice)
        let port = try server.start(bind: "127.0.0.1", port: 0)
        defer { server.stop() }
        let code = try server.makeInvite(host: "127.0.0.1", lifetime: 600).text
        let path = directory.url.appendingPathComponent("chloe").path

        let joined = try Joining.join(code: code, name: "Chloé", replicaPath: path, home: EntenteHome(directory.url.appendingPathComponent("home")))
        #expect(try Workspace(joined.replica).me().name == "Chloé")
        #expect(try PeerStore(folder: joined.replica.folder).list().map(\.name) == ["Alice"])
        #expect(try PeerStore(folder: joined.replica.folder).list().first?.address == "127.0.0.1:\(port)")
        #expect(joined.adopted == nil)  // a folder given by path is not the home's

        // The same code again, into the same folder: said to be done, with what finishes it.
        #expect { try Joining.join(code: code, name: "Chloé", replicaPath: path) } throws: { error in
            guard let phrase = (error as? ActionError)?.phrase else { return false }
            return phrase.english.contains("you joined already. To finish, sync with the inviter: `entente sync 127.0.0.1:\(port) --replica '\(path)'`")
                && phrase.french.contains("vous l'avez déjà rejoint")
        }
        #expect(throws: ActionError.self) { try Joining.join(code: "entente1:nonsense", name: "Chloé", replicaPath: path + "-2") }
    }

    @Test func withoutAPathTheReplicaGoesIntoTheHomeAndBecomesCurrent() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let home = EntenteHome(directory.url.appendingPathComponent("home"))
        var adopted: [String] = []
        for (index, name) in ["Atelier", "Studio"].enumerated() {
            let founder = try Replica.found(ReplicaFolder(directory.url.appendingPathComponent("founder-\(index)")), collective: name, founder: "Alice")
            let server = SyncServer(replica: founder)
            _ = try server.start(bind: "127.0.0.1", port: 0)
            defer { server.stop() }
            let joined = try Joining.join(code: try server.makeInvite(host: "127.0.0.1", lifetime: 600).text, name: "Chloé", replicaPath: nil, home: home)
            #expect(joined.replica.folder.url.path.hasPrefix(home.collectivesFolder.path))
            let (collective, count) = try #require(joined.adopted)
            #expect(count == index + 1)
            adopted.append(collective)
        }
        #expect(adopted == ["Atelier", "Studio"])
        #expect(home.current()?.name == "Studio")
    }
}
