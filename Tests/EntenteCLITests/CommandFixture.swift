import EntenteTestSupport
import Foundation
import Testing

/// Runs the real `entente` binary in a temporary folder, with expectations on each call.
struct CommandFixture {
    let binary: EntenteBinary
    let directory: TemporaryDirectory

    /// Runs `body` with a fresh folder, removed afterwards.
    static func with(_ label: String, environment: [String: String] = [:], _ body: (CommandFixture) throws -> Void) throws {
        let directory = try TemporaryDirectory(label)
        defer { directory.remove() }
        try body(CommandFixture(binary: try EntenteBinary(environment: environment), directory: directory))
    }

    func replica(_ name: String) -> String { self.directory.path(name) }

    /// Alice founds "Atelier", Bob joins from her folder; both replicas hold both members.
    func pair() throws -> (alice: String, bob: String) {
        let alice = self.replica("alice"), bob = self.replica("bob")
        try self.ok(["init", "--collective", "Atelier", "--name", "Alice", "--replica", alice])
        try self.ok(["init", "--from", alice, "--name", "Bob", "--replica", bob])
        try self.ok(["merge", bob, "--replica", alice])
        return (alice, bob)
    }

    /// Alice founds "Atelier"; Bob and Carol are admitted from her folder; everybody holds everything.
    func trio() throws -> (alice: String, bob: String, carol: String) {
        let a = self.replica("alice"), b = self.replica("bob"), c = self.replica("carol")
        try self.ok(["init", "--collective", "Atelier", "--name", "Alice", "--replica", a])
        try self.ok(["init", "--from", a, "--name", "Bob", "--replica", b])
        try self.ok(["init", "--from", a, "--name", "Carol", "--replica", c])
        try self.exchange([a, b, c])
        return (a, b, c)
    }

    /// Merges every replica of `replicas` into every other.
    func exchange(_ replicas: [String]) throws {
        for target in replicas { for source in replicas where source != target { try self.ok(["merge", source, "--replica", target]) } }
    }

    /// Runs a command that must succeed; returns its standard output.
    @discardableResult
    func ok(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let result = try self.binary.run(arguments)
        #expect(result.status == 0, "entente \(arguments.joined(separator: " ")) failed: \(result.output)", sourceLocation: sourceLocation)
        return result.stdout
    }

    /// Runs a command that must fail; returns what it printed.
    @discardableResult
    func fails(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let result = try self.binary.run(arguments)
        #expect(result.status != 0, "entente \(arguments.joined(separator: " ")) should have failed: \(result.output)", sourceLocation: sourceLocation)
        return result.stderr + result.stdout
    }

    /// Runs a command on `replica` that must fail, and checks it wrote nothing there.
    @discardableResult
    func fails(_ arguments: [String], replica: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let before = try self.logCount(replica)
        let output = try self.fails(arguments + ["--replica", replica], sourceLocation: sourceLocation)
        #expect(try self.logCount(replica) == before, "a failed command wrote a change", sourceLocation: sourceLocation)
        return output
    }

    func logCount(_ replica: String) throws -> Int {
        let data = Data(try self.ok(["log", "--json", "--replica", replica]).utf8)
        return (try JSONSerialization.jsonObject(with: data) as? [Any])?.count ?? -1
    }

    /// `log --limit N` reads only the records the N changes name (a workspace of the roster):
    /// it must tell them exactly as the whole log does, in both languages and in JSON.
    func expectLimitedLogTellsAsTheWholeLog(_ replica: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        for language in ["en", "fr"] {
            let binary = try EntenteBinary(environment: self.binary.environment.merging(["ENTENTE_LANG": language]) { $1 })
            for json in [[], ["--json"]] {
                let whole = try binary.run(["log", "--replica", replica] + json)
                let lines = whole.stdout.split(separator: "\n", omittingEmptySubsequences: false)
                #expect(whole.status == 0 && lines.count > 5, "\(whole.output)", sourceLocation: sourceLocation)
                let all = try binary.run(["log", "--limit", "\(lines.count)", "--replica", replica] + json)
                #expect(all.stdout == whole.stdout, "\(language) \(json): \(all.output)", sourceLocation: sourceLocation)
                guard json.isEmpty else { continue }
                let newest = try binary.run(["log", "--limit", "5", "--replica", replica])
                #expect(newest.stdout.split(separator: "\n") == Array(lines.prefix(5)), "\(language): \(newest.output)", sourceLocation: sourceLocation)
            }
        }
    }

    func json(_ arguments: [String]) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(try self.ok(arguments + ["--json"]).utf8))
    }
}
