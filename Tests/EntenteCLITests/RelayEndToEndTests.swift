import EntenteTestSupport
import Foundation
import Testing

/// Issue 23: two members apart, each with a relay folder that a script keeps in step, sync
/// through the real binary, in French on an 80-column terminal and in English.
@Suite("Relay folders, end to end")
struct RelayEndToEndTests {
    @Test(arguments: ["fr", "en"])
    func membersApartSyncThroughTheirRelayFolders(_ language: String) throws {
        let directory = try TemporaryDirectory("entente-relay-cli")
        defer { directory.remove() }
        let alice = directory.path("alice"), bruno = directory.path("bruno")
        let aliceSync = directory.path("Sync alice"), brunoSync = directory.path("Sync bruno")
        for folder in [aliceSync, brunoSync] { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        let binary = try EntenteBinary(environment: FrenchHelpTests.environment(["ENTENTE_LANG": language, "COLUMNS": "80"]))
        let french = language == "fr"
        @discardableResult
        func ok(_ arguments: [String], _ replica: String) throws -> String {
            let result = try binary.run(arguments + ["--replica", replica])
            #expect(result.status == 0, "entente \(arguments.joined(separator: " ")): \(result.output)")
            for line in result.stdout.split(separator: "\n") {
                #expect(line.count <= 80, "entente \(arguments.joined(separator: " ")): \(line)")
            }
            return result.stdout
        }
        /// The engine: every complete relay file of one folder appears in the other.
        func carry(_ from: String, _ to: String) throws {
            for name in try FileManager.default.contentsOfDirectory(atPath: from) where name.hasPrefix("ent-") {
                let target = (to as NSString).appendingPathComponent(name)
                if !FileManager.default.fileExists(atPath: target) {
                    try FileManager.default.copyItem(atPath: (from as NSString).appendingPathComponent(name), toPath: target)
                }
            }
        }
        try ok(["init", "--collective", "Les Quatre", "--name", "Alice"], alice)
        try ok(["init", "--from", alice, "--name", "Bruno"], bruno)
        let added = try ok(["relay", "add", aliceSync], alice)
        #expect(added.contains(french ? "Dossier relais" : "Relay folder") && added.contains(french ? "changements écrits" : "wrote 2 changes"), "\(added)")
        try ok(["relay", "add", brunoSync], bruno)
        let unshared = try binary.run(["relay", "check", "--replica", alice])
        #expect(unshared.status != 0 && Self.oneLine(unshared.stdout).contains(french ? "rien n'est encore arrivé ici" : "nothing from another member has arrived here yet"), "\(unshared.output)")
        #expect(Self.oneLine(try ok(["status"], alice)).contains(french ? "rien n'est encore arrivé d'un autre membre" : "nothing from another member has arrived yet"))
        try ok(["risk", "add", "Départ de Bruno", "--likelihood", "3", "--impact", "4"], alice)
        // No peer at all: `sync` goes through the relay folder alone.
        let synced = try ok(["sync"], alice)
        #expect(synced.contains(french ? "1 changement écrit" : "wrote 1 change"), "\(synced)")
        try carry(aliceSync, brunoSync)
        let received = try ok(["sync"], bruno)
        #expect(received.contains(french ? "fichiers lus" : "read 2 files"), "\(received)")
        #expect(try ok(["risk", "list"], bruno).contains("Départ"))
        // Bruno answers; Alice reads it at her next sync.
        try ok(["commitment", "add", "Appeler le client"], bruno)
        try ok(["sync"], bruno)
        try carry(brunoSync, aliceSync)
        try ok(["sync"], alice)
        #expect(try ok(["commitment", "list"], alice).contains("Appeler le client"))
        // `peers` finds nobody on the (loopback-pinned) LAN, and says who came through the folder.
        let peers = try binary.run(["peers", "--wait", "0.3", "--discovery-interface", "127.0.0.1",
                                    "--discovery-port", String(MeetCommandTests.uniquePort()), "--replica", alice])
        #expect(peers.status != 0)
        #expect(peers.stdout.contains(french ? "Par un dossier relais" : "Through a relay folder") && peers.stdout.contains("Bruno"), "\(peers.output)")
        for line in peers.stdout.split(separator: "\n") { #expect(line.count <= 80, "\(line)") }
        // A hostile file in the folder is refused with a line, and the others still arrive.
        // (named after its bytes, as relay files are, so that it is read at once)
        let junkPath = (aliceSync as NSString).appendingPathComponent("junk")
        try Data("rien d'un paquet".utf8).write(to: URL(fileURLWithPath: junkPath))
        let junkName = "ent-" + String(try Self.sha256(junkPath).prefix(32)) + ".entb"
        try FileManager.default.moveItem(atPath: junkPath, toPath: (aliceSync as NSString).appendingPathComponent(junkName))
        try ok(["risk", "add", "Second risque", "--likelihood", "1", "--impact", "1"], bruno)
        try ok(["sync"], bruno)
        try carry(brunoSync, aliceSync)
        let mixed = try ok(["sync"], alice)
        #expect(mixed.contains(junkName) && mixed.contains(french ? "pas un fichier relais" : "not an Entente relay file"), "\(mixed)")
        #expect(try ok(["risk", "list"], alice).contains("Second"))
        #expect(Self.oneLine(try ok(["status"], alice)).contains(french ? "1 fichier refusé cette semaine" : "1 file refused this week"))
        #expect(Self.oneLine(try ok(["relay", "check"], alice)).contains(french ? "partagé\u{202F}; le dernier fichier" : "shared; the last file"))
        let listed = try ok(["relay", "list"], alice)
        #expect(listed.contains(french ? "des autres" : "from the others") && listed.contains(junkName), "\(listed)")
        // The last files cross both ways: both replicas show the same vision.
        try ok(["sync"], bruno)
        try carry(brunoSync, aliceSync)
        try ok(["sync"], alice)
        try carry(aliceSync, brunoSync)
        try ok(["sync"], bruno)
        let visions = try [alice, bruno].map { try binary.run(["export", "--format", "json", "-", "--replica", $0]).stdout }
        #expect(!visions[0].isEmpty && visions[0] == visions[1])
        try ok(["relay", "remove", aliceSync], alice)
        #expect(try ok(["relay", "list"], alice).contains(french ? "Aucun dossier relais" : "No relay folder"))
    }

    /// `serve` imports what arrives in a relay folder within seconds, and writes out what
    /// this replica gains meanwhile.
    @Test func serveImportsWhatArrivesWithinSeconds() throws {
        let directory = try TemporaryDirectory("entente-relay-serve")
        defer { directory.remove() }
        let alice = directory.path("alice"), bruno = directory.path("bruno")
        let aliceSync = directory.path("sync-alice"), brunoSync = directory.path("sync-bruno")
        for folder in [aliceSync, brunoSync] { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        let binary = try EntenteBinary(environment: FrenchHelpTests.environment(["ENTENTE_LANG": "en"]))
        func ok(_ arguments: [String], _ replica: String) throws -> String {
            let result = try binary.run(arguments + ["--replica", replica])
            #expect(result.status == 0, "entente \(arguments.joined(separator: " ")): \(result.output)")
            return result.stdout
        }
        _ = try ok(["init", "--collective", "Atelier", "--name", "Alice"], alice)
        _ = try ok(["init", "--from", alice, "--name", "Bruno"], bruno)
        _ = try ok(["relay", "add", aliceSync], alice)
        _ = try ok(["relay", "add", brunoSync], bruno)
        let serving = try RunningEntente(binary, ["serve", "--bind", "127.0.0.1", "--port", "0", "--replica", alice])
        defer { _ = serving.stop() }
        _ = try ok(["commitment", "add", "Relire le devis"], bruno)
        _ = try ok(["sync"], bruno)
        for name in try FileManager.default.contentsOfDirectory(atPath: brunoSync) where name.hasPrefix("ent-") {
            try FileManager.default.copyItem(atPath: (brunoSync as NSString).appendingPathComponent(name), toPath: (aliceSync as NSString).appendingPathComponent(name))
        }
        let start = Date()
        var arrived = false
        while Date().timeIntervalSince(start) < 15 && !arrived {
            Thread.sleep(forTimeInterval: 0.25)
            arrived = try ok(["commitment", "list"], alice).contains("Relire le devis")
        }
        #expect(arrived, "serve imported the file within 15 s (it looks every 2 s)")
    }

    /// Wrapped output read as one line.
    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
    }

    /// The SHA-256 of a file, in hex, by `sha256sum`.
    static func sha256(_ path: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        process.arguments = [path]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        process.waitUntilExit()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return String(text.prefix { $0 != " " })
    }
}
