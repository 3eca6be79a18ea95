import EntenteTestSupport
import Foundation
import Testing

/// Issue "Hold up", failure 2, through the real binary: a folder restored from a backup after
/// its original went on signing learns it forked, signs nothing more, and `entente recover`
/// brings its work to everybody under a new key.
@Suite("entente recover, end to end", .timeLimit(.minutes(3)))
struct RecoverEndToEndTests {
    func copyFolder(_ from: String, to: String) throws {
        try FileManager.default.copyItem(atPath: from, toPath: to)
    }

    func titles(_ f: CommandFixture, _ replica: String) throws -> [String] {
        let list = try f.json(["commitment", "list", "--replica", replica]) as? [[String: Any]] ?? []
        return list.compactMap { $0["what"] as? String }.sorted()
    }

    @Test func aRestoredBackupThatSignedIsRecovered() throws {
        try CommandFixture.with("entente-recover") { f in
            let (alice, bob) = try f.pair()
            try f.ok(["commitment", "add", "Bob's first", "--replica", bob])
            let restored = f.replica("bob-restored")
            try self.copyFolder(bob, to: restored)
            let server = try MeetCommandTests.Server(f.binary, replica: alice)
            defer { server.stop() }
            let address = "127.0.0.1:\(server.port)"
            for title in ["Bob's second", "Bob's third", "Bob's fourth"] {
                try f.ok(["commitment", "add", title, "--replica", bob])
            }
            try f.ok(["sync", address, "--replica", bob])
            // The restored folder signs before it syncs: its second history reaches nobody.
            try f.ok(["commitment", "add", "Restored work", "--replica", restored])
            try f.ok(["sync", address, "--replica", restored])
            let refused = try f.fails(["commitment", "add", "More restored work"], replica: restored)
            #expect(refused.contains("entente recover"), "\(refused)")
            let status = try f.ok(["status", "--replica", restored])
            #expect(status.contains("entente recover"), "\(status)")

            let recovered = try f.ok(["recover", address, "--replica", restored])
            #expect(recovered.contains("signed again") && recovered.contains("forked-"), "\(recovered)")
            try f.ok(["commitment", "add", "More restored work", "--replica", restored])
            try f.ok(["sync", address, "--replica", restored])
            try f.ok(["sync", address, "--replica", bob])
            let expected = ["Bob's first", "Bob's fourth", "Bob's second", "Bob's third", "More restored work", "Restored work"]
            #expect(try self.titles(f, alice) == expected)
            #expect(try self.titles(f, bob) == expected)
            let devices = try f.ok(["device", "list", "Bob", "--replica", alice])
            #expect(devices.split(separator: "\n").count == 3, "\(devices)")  // header + two devices
            try f.ok(["audit", "--replica", restored])  // its own new history verifies
        }
    }

    @Test func recoveringAnIntactReplicaSignsNothingAndSaysSoInFrench() throws {
        try CommandFixture.with("entente-recover", environment: ["ENTENTE_LANG": "fr", "COLUMNS": "80"]) { f in
            let (alice, bob) = try f.pair()
            let server = try MeetCommandTests.Server(f.binary, replica: alice)
            defer { server.stop() }
            try f.ok(["commitment", "add", "Travail de Bob", "--replica", bob])
            let before = try f.ok(["whoami", "--replica", bob])
            let output = try f.ok(["recover", "127.0.0.1:\(server.port)", "--replica", bob])
            #expect(output.contains("rien à signer à nouveau"), "\(output)")
            #expect(output.split(separator: "\n").allSatisfy { $0.count <= 80 }, "\(output)")
            #expect(try f.ok(["whoami", "--replica", bob]) == before)
            #expect(try self.titles(f, alice) == ["Travail de Bob"])
        }
    }
}
