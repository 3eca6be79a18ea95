import EntenteActions
import EntenteNet
import EntenteTestSupport
import Foundation
import Testing

@testable import EntenteCLI

/// What `entente serve`, `join` and `sync` say, in French and in English: the summaries, and
/// the lines `serve` logs on the console (the sync engine's own, translated by the command line).
@Suite(.serialized) struct SyncWordsTests {
    /// One collective served in `language`: Bob joins with an invite, then syncs.
    func session(_ language: String, alice aliceName: String = "Alice", bob bobName: String = "Bob", columns: Int? = nil) throws
        -> (join: String, sync: String, log: String, firstLine: String) {
        let binary = try EntenteBinary(environment: ["ENTENTE_LANG": language].merging(columns.map { ["COLUMNS": String($0)] } ?? [:]) { $1 })
        let directory = try TemporaryDirectory("entente-sync-words")
        defer { directory.remove() }
        let alice = directory.path("alice"), bob = directory.path("bob")
        func ok(_ arguments: [String]) throws -> String {
            let result = try binary.run(arguments)
            #expect(result.status == 0, "entente \(arguments.joined(separator: " ")): \(result.output)")
            return result.stdout
        }
        _ = try ok(["init", "--collective", "Atelier", "--name", aliceName, "--replica", alice])
        let server = try RunningEntente(binary, ["serve", "--bind", "127.0.0.1", "--port", "0", "--replica", alice], keepingStandardError: true)
        var log = ""
        defer { if log.isEmpty { server.stop() } }
        let port = try #require(server.firstLine.split(separator: ":").last.flatMap { UInt16($0) }, "\(server.firstLine)")
        let invited = try binary.run(["invite", "--replica", alice])
        #expect(invited.status == 0 && !invited.stderr.contains("entente serve` ne tourne") && !invited.stderr.contains("is running on this replica"),
                "\(invited.output)")
        let code = invited.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let join = try ok(["join", code, "--name", bobName, "--replica", bob])
        // The joiner's peer is named after the member who invited, as people would type it.
        let peers = try ok(["peer", "list", "--replica", bob])
        #expect(aliceName != "Alice" || peers.contains("Alice"), "\(peers)")
        #expect(!peers.contains("\u{1B}"), "\(peers)")
        _ = try ok(["commitment", "add", "Relire le budget", "--replica", bob])
        let sync = try ok(["sync", "127.0.0.1:\(port)", "--replica", bob])
        log = server.stop().standardError
        return (join, sync, log, server.firstLine)
    }

    @Test func serveJoinAndSyncSpeakFrench() throws {
        let french = try self.session("fr")
        // The first line stays the same in every language: scripts read the port from it.
        #expect(french.firstLine.hasPrefix("listening on 127.0.0.1:"), "\(french.firstLine)")
        #expect(french.join.contains("\nsynchronisé avec Alice (127.0.0.1:"), "\(french.join)")
        #expect(french.sync.hasPrefix("synchronisé avec Alice (127.0.0.1:") && french.sync.contains(")\u{00A0}: 1 changement envoyé, ")
                && french.sync.contains(" Kio en ") && french.sync.contains(",") && !french.sync.contains("KiB"), "\(french.sync)")
        #expect(french.sync.firstMatch(of: #/ \d+,\d Kio en \d+,\d\d s\n$/#) != nil, "\(french.sync)")
        for line in ["service de ", "\u{202F}; arrêtez avec Ctrl-C", "Bob (clé ", " admis·e avec une invitation", "séance avec Bob (",
                     "1 changement reçu (1 nouveau), ", "] arrêt\n"] {
            #expect(french.log.contains(line), "\(line) in \(french.log)")
        }
        for english in ["serving ", "session with", "admitted", "stopping", "synced with"] {
            #expect(!(french.join + french.sync + french.log).contains(english), "\(english) in \(french)")
        }

        // On an 80-column terminal, the sync lines fit.
        let narrow = try self.session("fr", columns: 80)
        for line in (narrow.join + narrow.sync).split(separator: "\n") { #expect(line.count <= 80, "\(line)") }
        #expect(narrow.sync.hasPrefix("synchronisé avec Alice (127.0.0.1:"), "\(narrow.sync)")

        let english = try self.session("en")
        #expect(english.firstLine.hasPrefix("listening on 127.0.0.1:"))
        #expect(english.sync.hasPrefix("synced with Alice (127.0.0.1:") && english.sync.contains("): sent 1 change, received ")
                && english.sync.contains(" KiB in "), "\(english.sync)")
        for line in ["serving ", "; stop with Ctrl-C", "admitted Bob (key ", "session with Bob (", "received 1 changes (1 new), sent ", "] stopping\n"] {
            #expect(english.log.contains(line), "\(line) in \(english.log)")
        }
    }

    /// Issue "Hold up, second round", item 8: names from the other side reach `serve`'s log
    /// and `sync`'s summary shown, never obeyed, each log entry on one line.
    @Test func peersNamesReachLogsAndSummariesShownNotObeyed() throws {
        let (_, sync, log, _) = try self.session("en", alice: "Alice\u{1B}]0;pwned\u{07}", bob: "Bob\u{1B}[2J\nfake log line")
        #expect(sync.contains("synced with Alice^[]0;pwned^G (127.0.0.1:"), "\(sync)")
        #expect(log.contains("admitted Bob^[[2J^Jfake log line (key "), "\(log)")
        #expect(log.contains("session with Bob^[[2J^Jfake log line ("), "\(log)")
        for text in [sync, log] {
            #expect(!text.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{07}" }, "\(text)")
            #expect(!text.split(separator: "\n").contains { $0.hasPrefix("fake log line") })
        }
    }

    /// Issue "Hold up, second round", item 9: a frozen server (stopped with SIGSTOP) is a
    /// timeout, not "protocol-violation"; the member is told to retry, in both languages.
    @Test func aFrozenServerIsATimeoutNotAProtocolViolation() throws {
        let directory = try TemporaryDirectory("entente-frozen")
        defer { directory.remove() }
        let english = try EntenteBinary(environment: ["ENTENTE_LANG": "en"])
        let alice = directory.path("alice"), bob = directory.path("bob")
        #expect(try english.run(["init", "--collective", "Atelier", "--name", "Alice", "--replica", alice]).status == 0)
        #expect(try english.run(["init", "--from", alice, "--name", "Bob", "--replica", bob]).status == 0)
        let server = try RunningEntente(english, ["serve", "--bind", "127.0.0.1", "--port", "0", "--replica", alice])
        // SIGTERM right after SIGCONT: `serve` must still stop (it once lost a SIGTERM taken by
        // a thread that did not block it).
        defer { kill(server.process.processIdentifier, SIGCONT); server.stop() }
        let port = try #require(server.firstLine.split(separator: ":").last.flatMap { UInt16($0) }, "\(server.firstLine)")
        kill(server.process.processIdentifier, SIGSTOP)
        let stalled = try english.run(["sync", "127.0.0.1:\(port)", "--timeout", "2", "--replica", bob])
        #expect(stalled.status != 0)
        #expect(stalled.stderr.contains("nothing arrived for 2 s") && stalled.stderr.contains("frozen"), "\(stalled.stderr)")
        #expect(!stalled.stderr.contains("protocol") && !stalled.stderr.contains("refused"), "\(stalled.stderr)")
        let french = try EntenteBinary(environment: ["ENTENTE_LANG": "fr"]).run(["sync", "127.0.0.1:\(port)", "--timeout", "2", "--replica", bob])
        #expect(french.stderr.contains("rien n'est arrivé du pair depuis 2 s"), "\(french.stderr)")
    }

    /// The sync engine's lines, in French; a line it does not know stays as it is.
    @Test(arguments: [
        ("session with Bob (127.0.0.1:5000): received 3 changes (2 new), sent 1",
         "séance avec Bob (127.0.0.1:5000)\u{00A0}: 3 changements reçus (2 nouveaux), 1 envoyé"),
        ("session with 127.0.0.1:5000 ended: the peer closed the connection",
         "la séance avec 127.0.0.1:5000 s'est terminée\u{00A0}: the peer closed the connection"),
        ("admitted Chloé (key 1a2b3c4d) with an invite", "Chloé (clé 1a2b3c4d) admis·e avec une invitation"),
        ("sync with Bob at 10.0.0.2:7420 failed: timed out", "la synchronisation avec Bob à 10.0.0.2:7420 a échoué\u{00A0}: timed out"),
        ("replica failure during sync with Bob: disk full", "défaillance du réplica pendant la synchronisation avec Bob\u{00A0}: disk full"),
        ("accept failed: too many open files", "une connexion entrante a échoué\u{00A0}: too many open files"),
        ("synced with Bob (10.0.0.2:7420): sent 1 change, received 12 (0 new), 2.1 KiB in 0.04 s",
         "synchronisé avec Bob (10.0.0.2:7420)\u{00A0}: 1 changement envoyé, 12 reçus (0 nouveau), 2,1 Kio en 0,04 s"),
        ("something new", "something new"),
    ] as [(String, String)])
    func theEnginesLinesReadInFrench(_ english: String, _ french: String) {
        // The log handler sets the French line as French is printed (no-break spaces).
        #expect(French.typeset(SyncText.frenchLog(english)) == french)
    }

    /// The failures people meet, told in French: nothing listening, a server of another
    /// collective, and one holding another collective secret.
    @Test func failedSyncsAndJoinsSayWhyInFrench() throws {
        let french = try EntenteBinary(environment: ["ENTENTE_LANG": "fr"])
        let english = try EntenteBinary()
        let directory = try TemporaryDirectory("entente-sync-failures")
        defer { directory.remove() }
        let alice = directory.path("alice"), other = directory.path("other")
        for (replica, name) in [(alice, "Alice"), (other, "Oscar")] {
            #expect(try french.run(["init", "--collective", "Atelier", "--name", name, "--replica", replica]).status == 0)
        }
        // A port nobody listens on: bind one, note it, close it.
        let probe = try TCPListener(bind: "127.0.0.1", port: 0)
        let listener = probe.localPort
        probe.close()
        let refused = try french.run(["sync", "127.0.0.1:\(listener)", "--replica", alice])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("erreur\u{00A0}: la synchronisation avec 127.0.0.1:\(listener) (127.0.0.1:\(listener)) a échoué\u{00A0}: rien n'écoute à l'adresse 127.0.0.1:\(listener) (connexion refusée)\u{00A0}: `entente serve` tourne-t-il là-bas\u{202F}?"), "\(refused.stderr)")
        // On a terminal of 80 columns (here COLUMNS), the error is wrapped like any output.
        var narrow = french
        narrow.environment["COLUMNS"] = "80"
        let wrapped = try narrow.run(["sync", "127.0.0.1:\(listener)", "--replica", alice]).stderr
        #expect(wrapped.split(separator: "\n").count > 1 && wrapped.split(separator: "\n").allSatisfy { $0.count <= 80 }, "\(wrapped)")
        let inEnglish = try english.run(["sync", "127.0.0.1:\(listener)", "--replica", alice])
        #expect(inEnglish.stderr.contains("connection refused. Is `entente serve` running there?"), "\(inEnglish.stderr)")
        // The same in a meeting's live lines (discovery kept on loopback).
        var meeting = try MeetCommandTests.binary(port: MeetCommandTests.uniquePort())
        meeting.environment["ENTENTE_LANG"] = "fr"
        let meet = try meeting.run(["meet", "--duration", "2", "--peer", "127.0.0.1:\(listener)", "--bind", "127.0.0.1", "--no-input", "--replica", alice])
        #expect(meet.stdout.contains("la synchronisation avec 127.0.0.1:\(listener) (127.0.0.1:\(listener)) a échoué\u{00A0}: rien n'écoute à l'adresse"), "\(meet.output)")
        // Another collective's server: our first frame proves no secret it holds (mac1,
        // HANDSHAKE.md §4.6), so it closes without a word, and we say what that may mean.
        let server = try RunningEntente(french, ["serve", "--bind", "127.0.0.1", "--port", "0", "--replica", other])
        defer { server.stop() }
        let port = try #require(server.firstLine.split(separator: ":").last.flatMap { UInt16($0) }, "\(server.firstLine)")
        let foreign = try french.run(["sync", "127.0.0.1:\(port)", "--timeout", "5", "--replica", alice])
        #expect(foreign.status == 1)
        #expect(foreign.stderr.contains("les secrets du collectif diffèrent peut-être"), "\(foreign.stderr)")
        #expect(!foreign.stderr.contains("the peer"), "\(foreign.stderr)")
        // A copy of Alice's replica holding another collective secret: the server closes the
        // handshake on us, which is all the initiator learns (HANDSHAKE.md §10).
        let twin = directory.path("twin")
        try FileManager.default.copyItem(atPath: alice, toPath: twin)
        try Data([UInt8](repeating: 0x42, count: 32)).write(to: URL(fileURLWithPath: twin + "/collective.secret"))
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: twin + "/collective.secret")
        let secretServer = try RunningEntente(french, ["serve", "--bind", "127.0.0.1", "--port", "0", "--replica", twin])
        defer { secretServer.stop() }
        let secretPort = try #require(secretServer.firstLine.split(separator: ":").last.flatMap { UInt16($0) }, "\(secretServer.firstLine)")
        let secret = try french.run(["sync", "127.0.0.1:\(secretPort)", "--timeout", "5", "--replica", alice])
        #expect(secret.status == 1)
        #expect(secret.stderr.contains("le pair a fermé la connexion pendant la poignée de main") && secret.stderr.contains("les secrets du collectif diffèrent peut-être"), "\(secret.stderr)")
        #expect(!secret.stderr.contains("the peer closed"), "\(secret.stderr)")
    }

    @Test func numbersOfTheSummaryReadInFrench() {
        #expect(SyncText.decimal(2.125, digits: 2) == "2,13" || SyncText.decimal(2.125, digits: 2) == "2,12")
        #expect(SyncText.decimal(0.04, digits: 2) == "0,04" && SyncText.decimal(.nan, digits: 1) == "0,0")
        #expect(SyncText.french(0, "reçu", "reçus") == "0 reçu" && SyncText.french(2, "reçu", "reçus") == "2 reçus")
        #expect(EntenteCommand.Peers.seconds(4, .french) == "4 s" && EntenteCommand.Peers.seconds(2.5, .french) == "2,5 s")
        #expect(EntenteCommand.Peers.seconds(2.5, .english) == "2.5 s" && EntenteCommand.Peers.seconds(.infinity, .english) == "inf s")
    }
}
