import EntenteActions
import EntenteCore
import EntenteStore
import EntenteTestSupport
import Foundation
import Testing

/// A passage two members rewrote at the same time, on the board: each wording shown, a
/// button to keep either, a link to merge both.
@Suite("The board settles a passage rewritten at the same time")
struct BoardRewriteTests {
    @Test func eachWordingIsShownAndOneCanBeKept() throws {
        let directory = try TemporaryDirectory("entente-board-rewrite")
        defer { directory.remove() }
        let binary = try EntenteBinary(environment: ["ENTENTE_LANG": "en"])
        let alice = directory.path("alice"), bob = directory.path("bob"), chloe = directory.path("chloe")
        func ok(_ arguments: [String], input: String? = nil) throws {
            let result = try binary.run(arguments, input: input)
            #expect(result.status == 0, "entente \(arguments.joined(separator: " ")): \(result.output)")
        }
        try ok(["init", "--collective", "Atelier", "--name", "Alice", "--replica", alice])
        try ok(["init", "--from", alice, "--name", "Bob", "--replica", bob])
        try ok(["init", "--from", alice, "--name", "Chloé", "--replica", chloe])
        for (to, from) in [(alice, bob), (alice, chloe), (bob, alice), (chloe, alice)] { try ok(["merge", from, "--replica", to]) }
        try ok(["vision", "set", "--file", "-", "--replica", alice], input: "Nous en parlons les désaccords tôt.")
        for replica in [bob, chloe] { try ok(["merge", alice, "--replica", replica]) }
        try ok(["vision", "set", "--file", "-", "--replica", bob], input: "Nous en parlons dès qu'ils apparaissent.")
        try ok(["vision", "set", "--file", "-", "--replica", chloe], input: "Nous en parlons en face, jamais par courriel.")
        for replica in [bob, chloe] { try ok(["merge", replica, "--replica", alice]) }

        let replica = try Replica.open(ReplicaFolder(URL(fileURLWithPath: alice)))
        let board = try LiveBoard(replica)
        defer { board.stop() }
        let landing = try board.send("GET", "/")
        #expect(landing.body.contains("Bob: “dès qu&#39;ils apparaissent”") || landing.body.contains("Bob: “dès qu'ils apparaissent”"), "\(landing.body)")
        #expect(landing.body.contains("Chloé: “en face, jamais par courriel”"), "\(landing.body)")
        #expect(landing.body.contains("action=\"/act/keep-wording\""))
        #expect(landing.body.contains("Keep Bob&#39;s wording") || landing.body.contains("Keep Bob's wording"))
        #expect(landing.body.contains("Keep Chloé&#39;s wording") || landing.body.contains("Keep Chloé's wording"))
        #expect(landing.body.contains("href=\"/vision\""))

        let kept = try board.send("POST", "/act/keep-wording", body: "csrf=\(board.access.csrf)&back=%2F&member=Bob")
        #expect(kept.status == 303)
        #expect(try Workspace(replica).collective().vision == "Nous en parlons dès qu'ils apparaissent.")
        #expect(try Workspace(replica).textRewrites().isEmpty)
        let after = try board.send("GET", "/")
        #expect(!after.body.contains("keep-wording"))
    }
}
