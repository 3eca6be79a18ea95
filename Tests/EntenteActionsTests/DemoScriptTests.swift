import EntenteActions
import EntenteCore
import EntenteStore
import EntenteTestSupport
import Foundation
import Testing

/// The story of `entente demo` as an action: what it tells, and that its replicas converge.
@Suite struct DemoScriptTests {
    @Test func theThreeReplicasConvergeAndTheStoryIsToldInBothLanguages() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var sections: [Phrase] = [], said: [Phrase] = [], joined: [String] = [], committed: [String] = [], logged = 0
        let script = DemoScript(root: directory.url, language: .french) { event in
            switch event {
            case .section(let title): sections.append(title)
            case .said(let phrase): said.append(phrase)
            case .joined(let name, _): joined.append(name)
            case .committed(let name, _, _): committed.append(name)
            case .logged(let line, _): logged += line.summary == nil ? 0 : 1
            case .synced, .conflicts: break
            }
        }

        #expect(try script.run())
        #expect(sections.count == 7)
        #expect(joined == ["Bob", "Carol"])
        #expect(committed == ["Alice", "Alice", "Bob", "Bob", "Bob", "Carol", "Carol", "Bob"])
        #expect(said.contains(Phrase("All three replicas hold the same state.", fr: "Les trois réplicas ont le même état.")))
        #expect(said.contains { $0.english.hasPrefix("Alice tries to record Bob's phase check-in; refused") })
        #expect(said.filter { $0.english.contains("audit passed") && $0.french.contains("audit réussi") }.count == 3)
        #expect((sections + said).allSatisfy { !$0.french.isEmpty && $0.french != $0.english })
        // Bob's note went with his check-in in the script's language; every log line is told.
        let alice = try Replica.open(ReplicaFolder(directory.url.appendingPathComponent("alice")))
        #expect(try alice.log().contains { $0.message == "ma propre perception, après la réunion sur le budget" })
        #expect(logged == (try alice.changeCount()))
    }
}
