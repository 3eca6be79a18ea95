import EntenteTestSupport
import Foundation
import Testing

/// Issue 23, "a lost or stolen laptop": `entente device revoke`, through the real binary, in
/// French on an 80-column terminal and in English. The revoked laptop is refused at the
/// handshake (real TCP) and by the relay import, the secret is renewed without it, and a member
/// left without a device is invited again.
@Suite("Revoking a device, end to end")
struct DeviceRevocationEndToEndTests {
    struct Run {
        let binary: EntenteBinary
        let french: Bool

        /// The binary in `language` on an 80-column terminal.
        init(_ language: String) throws {
            self.binary = try EntenteBinary(environment: FrenchHelpTests.environment(["ENTENTE_LANG": language, "COLUMNS": "80"]))
            self.french = language == "fr"
        }

        @discardableResult
        func ok(_ arguments: [String], _ replica: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
            let result = try self.binary.run(arguments + ["--replica", replica])
            #expect(result.status == 0, "entente \(arguments.joined(separator: " ")): \(result.output)", sourceLocation: sourceLocation)
            for line in result.stdout.split(separator: "\n") {
                #expect(line.count <= 80, "entente \(arguments.joined(separator: " ")): \(line)", sourceLocation: sourceLocation)
            }
            return result.stdout
        }
        func fails(_ arguments: [String], _ replica: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
            let result = try self.binary.run(arguments + ["--replica", replica])
            #expect(result.status != 0, "entente \(arguments.joined(separator: " ")) should fail: \(result.output)", sourceLocation: sourceLocation)
            return Self.oneLine(result.output)
        }
        static func oneLine(_ text: String) -> String {
            text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        }
    }

    /// The short id of the device a replica is, from its own `device list`.
    static func thisDevice(_ run: Run, _ replica: String, french: Bool) throws -> String {
        let listed = try run.ok(["device", "list"], replica)
        let line = try #require(listed.split(separator: "\n").first { $0.contains(french ? "celui-ci" : "this one") }, "\(listed)")
        return String(try #require(line.split(separator: " ").first))
    }

    @Test(arguments: ["fr", "en"])
    func aMemberRevokesTheirStolenLaptop(_ language: String) throws {
        let directory = try TemporaryDirectory("entente-revoke")
        defer { directory.remove() }
        let run = try Run(language), french = run.french
        let alice = directory.path("alice"), bob = directory.path("bob"), laptop = directory.path("bob-laptop")
        try run.ok(["init", "--collective", "Atelier", "--name", "Alice"], alice)
        try run.ok(["init", "--from", alice, "--name", "Bob"], bob)
        try run.ok(["merge", bob], alice)
        try run.ok(["device", "link", laptop], bob)
        try run.ok(["merge", bob], alice)
        let stolen = try Self.thisDevice(run, laptop, french: french)
        // The thief writes on the laptop, offline.
        try run.ok(["commitment", "add", "Signer à la place de Bob"], laptop)
        // Bob revokes it from his other device: at once, and the secret is renewed.
        #expect(try run.fails(["device", "revoke", try Self.thisDevice(run, bob, french: french)], bob)
                    .contains(french ? "c'est l'appareil que vous utilisez" : "this is the device you are using"))
        let revoked = Run.oneLine(try run.ok(["device", "revoke", stolen], bob))
        #expect(revoked.contains(french ? "Votre appareil \(stolen)" : "Revoked your device \(stolen)"), "\(revoked)")
        #expect(revoked.contains(french ? "Le secret du collectif a été renouvelé" : "The collective secret was renewed"), "\(revoked)")
        #expect(try run.fails(["device", "revoke", stolen], bob).contains(french ? "est déjà révoqué" : "is already revoked"))
        try run.ok(["merge", bob], alice)
        let listed = try run.ok(["device", "list", "Bob"], alice)
        let row = try #require(listed.split(separator: "\n").first { $0.hasPrefix(stolen) }, "\(listed)")
        #expect(row.contains(french ? "révoqué" : "revoked"), "\(listed)")
        #expect(listed.contains(french ? "DERNIÈRE" : "LAST SIGNED"), "\(listed)")
        // Over real TCP: Alice's `serve` refuses the laptop's session.
        let server = try RunningEntente(run.binary, ["serve", "--bind", "127.0.0.1", "--port", "0", "--replica", alice])
        defer { server.stop() }
        let port = try #require(server.firstLine.split(separator: ":").last.flatMap { UInt16($0) }, "\(server.firstLine)")
        let refused = try run.fails(["sync", "127.0.0.1:\(port)"], laptop)
        #expect(refused.contains(french ? "appareil révoqué" : "revoked-device"), "\(refused)")
        #expect(refused.contains(french ? "Cet appareil a été révoqué" : "This device was revoked"), "\(refused)")
        try run.ok(["sync", "127.0.0.1:\(port)"], bob)  // Bob's first device still syncs
        // Through a relay folder: the laptop's file is refused, the thief's work never lands.
        let aliceSync = directory.path("Sync alice"), laptopSync = directory.path("Sync laptop")
        for folder in [aliceSync, laptopSync] { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        try run.ok(["relay", "add", aliceSync], alice)
        try run.ok(["relay", "add", laptopSync], laptop)
        for name in try FileManager.default.contentsOfDirectory(atPath: laptopSync) where name.hasPrefix("ent-") {
            try FileManager.default.copyItem(atPath: (laptopSync as NSString).appendingPathComponent(name), toPath: (aliceSync as NSString).appendingPathComponent(name))
        }
        try run.ok(["sync"], alice)
        let relays = Run.oneLine(try run.ok(["relay", "list"], alice))
        #expect(relays.contains(french ? "écrit par un appareil révoqué" : "written by a revoked device"), "\(relays)")
        #expect(!(try run.ok(["commitment", "list"], alice)).contains("Signer à la place"))
        #expect(try run.ok(["audit"], alice).contains(french ? "Audit réussi" : "Audit passed"))
    }

    @Test(arguments: ["fr", "en"])
    func theOthersRevokeAMembersOnlyLaptopAndInviteThemAgain(_ language: String) throws {
        let directory = try TemporaryDirectory("entente-revoke-majority")
        defer { directory.remove() }
        let run = try Run(language), french = run.french
        let alice = directory.path("alice"), bob = directory.path("bob"), carol = directory.path("carol")
        try run.ok(["init", "--collective", "Atelier", "--name", "Alice"], alice)
        for (name, folder) in [("Bob", bob), ("Carol", carol)] {
            try run.ok(["init", "--from", alice, "--name", name], folder)
            try run.ok(["merge", folder], alice)
        }
        for folder in [bob, carol] { try run.ok(["merge", alice], folder) }
        // Bob's only laptop is stolen: Alice proposes, by his name as people type it.
        let proposed = Run.oneLine(try run.ok(["device", "revoke", "bob"], alice))
        #expect(proposed.contains(french ? "Vous avez consenti à révoquer l'appareil" : "You consented to revoke Bob's device"), "\(proposed)")
        #expect(proposed.contains(french ? "en attente de Carol" : "waiting for Carol"), "\(proposed)")
        try run.ok(["merge", alice], carol)
        let status = Run.oneLine(try run.ok(["status"], carol))
        #expect(status.contains(french ? "proposition de révoquer un appareil de Bob" : "proposal to revoke a device of Bob"), "\(status)")
        let carried = Run.oneLine(try run.ok(["device", "revoke", "Bob"], carol))
        #expect(carried.contains(french ? "Une majorité des autres membres a consenti" : "A majority of the other members consented"), "\(carried)")
        #expect(carried.contains(french ? "Le secret du collectif a été renouvelé" : "The collective secret was renewed"), "\(carried)")
        // The laptop, once it knows, can sign nothing more.
        try run.ok(["merge", carol], bob)
        #expect(Run.oneLine(try run.ok(["status"], bob)).contains(french ? "Cet appareil a été révoqué" : "This device was revoked"))
        let denied = try run.fails(["commitment", "add", "Vider le compte"], bob)
        #expect(denied.contains(french ? "cet appareil a été révoqué" : "this device was revoked"), "\(denied)")
        // Bob, with no device left, is invited again for his own member record.
        try run.ok(["merge", carol], alice)
        let invite = try run.binary.run(["invite", "--for", "Bob", "--replica", alice])
        #expect(invite.status == 0, "\(invite.output)")
    }
}
