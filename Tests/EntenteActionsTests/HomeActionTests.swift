import EntenteActions
import EntenteCore
import EntenteStore
import EntenteSync
import EntenteTestSupport
import Foundation
import Testing

/// The person's home as actions (`entente collectives`): choosing the current collective,
/// leaving one, and each one summarised, in a temporary home.
@Suite struct HomeActionTests {
    /// A temporary home holding two collectives Alice founded, "Atelier Nord" then "Studio".
    struct TwoCollectives {
        let directory: TemporaryDirectory
        let home: EntenteHome

        init() throws {
            self.directory = try TemporaryDirectory()
            self.home = EntenteHome(self.directory.url.appendingPathComponent("home"))
            for name in ["Atelier Nord", "Studio"] {
                try CollectiveFounding.found(collective: name, founder: "Alice", replicaPath: nil, home: self.home).replica.close()
            }
        }
    }

    @Test func aCollectiveNamedAsPeopleTypeItBecomesCurrent() throws {
        let two = try TwoCollectives()
        defer { two.directory.remove() }
        #expect(two.home.current()?.name == "Studio")

        let chosen = try CollectiveChoice.use("atelier", home: two.home)
        #expect(chosen.name == "Atelier Nord")
        #expect(two.home.current()?.name == "Atelier Nord")
        #expect { try CollectiveChoice.use("consortium", home: two.home) } throws: { error in
            guard let phrase = (error as? ActionError)?.phrase else { return false }
            return phrase.english.contains("no collective of yours is called 'consortium'") && phrase.french.contains("aucun de vos collectifs")
        }
        #expect(two.home.current()?.name == "Atelier Nord")
    }

    @Test func aCollectiveLeftIsKeptAsideAndNoLongerCurrent() throws {
        let two = try TwoCollectives()
        defer { two.directory.remove() }

        let (left, kept) = try CollectiveChoice.leave("studio", home: two.home)
        #expect(left.name == "Studio")
        #expect(kept.path.hasPrefix(two.home.leftFolder.path))
        #expect(try Replica.open(ReplicaFolder(kept)).collectiveName() == "Studio")
        #expect(two.home.entries().map(\.name) == ["Atelier Nord"])
        // The only one left is the current one.
        #expect(two.home.current()?.name == "Atelier Nord")
    }

    @Test func aServedCollectiveIsNotLeft() throws {
        let two = try TwoCollectives()
        defer { two.directory.remove() }
        let studio = try CollectiveChoice.entry("Studio", in: two.home.entries())
        // This process is alive: the state file says a serve is running on Studio.
        try ServeState.write(port: 7420, bind: "127.0.0.1", folder: studio.folder)

        #expect { try CollectiveChoice.leave("studio", home: two.home) } throws: { error in
            guard let phrase = (error as? ActionError)?.phrase else { return false }
            return phrase.english == "`entente serve` is running on Studio: stop it first"
                && phrase.french == "`entente serve` tourne sur Studio : arrêtez-le d'abord"
        }
        #expect(two.home.entries().map(\.name) == ["Atelier Nord", "Studio"])
    }

    @Test func eachCollectiveIsSummarisedAndAnUnreadableOneSaidSo() throws {
        let two = try TwoCollectives()
        defer { two.directory.remove() }
        // A folder whose replica cannot be read.
        let broken = two.home.collectivesFolder.appendingPathComponent("broken", isDirectory: true)
        try FileManager.default.createDirectory(at: broken, withIntermediateDirectories: true)
        try Data("not a database".utf8).write(to: ReplicaFolder(broken).database)

        let (collectives, current) = CollectiveChoice.collectives(in: two.home) { workspace in
            workspace.collectiveName == "Studio" ? 2 : 0
        }
        #expect(current?.name == "Studio")
        #expect(collectives.map(\.name) == ["Atelier Nord", "broken", "Studio"])
        #expect(collectives.map(\.current) == [false, false, true])
        #expect(collectives.map(\.attention) == [0, -1, 2])
        #expect(collectives.map(\.isReadable) == [true, false, true])
        #expect(collectives.map(\.me) == ["Alice", nil, "Alice"])
        #expect(collectives.map(\.members) == [1, 0, 1])
        #expect(collectives[0].collective.count == 32)
        #expect(collectives[1].collective.isEmpty)

        // A collective whose attention cannot be counted is not summarised.
        struct Uncountable: Error {}
        let entry = try CollectiveChoice.entry("Studio", in: two.home.entries())
        #expect(CollectiveChoice.summary(entry) { _ in throw Uncountable() } == nil)
    }
}
