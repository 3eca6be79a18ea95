import EntenteTestSupport
import Foundation
import Testing

/// Issue "Hold up", failure 7: messages that say what actually happened.
@Suite("Messages, end to end")
struct MessagesEndToEndTests {
    @Test func anEmptiedDatabaseIsRefusedAndLeftAsItIs() throws {
        try CommandFixture.with("entente-messages") { f in
            let alice = f.replica("alice")
            try f.ok(["init", "--collective", "Atelier", "--name", "Alice", "--replica", alice])
            let database = alice + "/replica.sqlite"
            for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: database + suffix) }
            try Data().write(to: URL(fileURLWithPath: database))
            let message = try f.fails(["show", "--replica", alice])
            #expect(message.contains("empty (0 bytes)") && message.contains("backup"), "\(message)")
            #expect((try FileManager.default.attributesOfItem(atPath: database)[.size] as? NSNumber)?.intValue == 0)
        }
    }

    @Test(arguments: ["nan", "inf", "0", "-1", "100000"])
    func aTimeoutThatIsNoDurationIsRefused(value: String) throws {
        try CommandFixture.with("entente-messages") { f in
            let alice = f.replica("alice")
            try f.ok(["init", "--collective", "Atelier", "--name", "Alice", "--replica", alice])
            let message = try f.fails(["sync", "127.0.0.1:9", "--timeout=\(value)", "--replica", alice])
            #expect(message.contains("'--timeout' must be a number of seconds"), "\(message)")
        }
    }

    @Test func aBundleThatCannotBeWrittenSaysSo() throws {
        try CommandFixture.with("entente-messages") { f in
            let alice = f.replica("alice")
            try f.ok(["init", "--collective", "Atelier", "--name", "Alice", "--replica", alice])
            let message = try f.fails(["bundle", "export", f.replica("no/such/folder/out.entente"), "--replica", alice])
            #expect(message.contains("cannot write") && !message.contains("cannot read"), "\(message)")
        }
    }
}
