import Foundation
@testable import EntenteText

// MARK: - Editing traces

/// Loads the gzipped editing traces of `shared/data/editing-traces` (see its README.md).
enum TraceLoader {
    /// `$ENTENTE_TRACES`, else `<repoRoot>/../shared/data/editing-traces` when it exists, else
    /// `/work/shared/data/editing-traces`.
    static var directory: String {
        if let env = ProcessInfo.processInfo.environment["ENTENTE_TRACES"], !env.isEmpty { return env }
        let repoRoot = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let candidate = repoRoot.deletingLastPathComponent()
            .appendingPathComponent("shared/data/editing-traces").path
        if FileManager.default.fileExists(atPath: candidate) { return candidate }
        return "/work/shared/data/editing-traces"
    }

    static let sequentialNames = [
        "automerge-paper", "seph-blog1", "sveltecomponent", "rustcode",
        "friendsforever_flat", "clownschool_flat", "json-crdt-patch", "json-crdt-blog-post",
    ]

    struct Sequential {
        var endContent: String
        var txns: [[TextPatch]]
    }

    struct Concurrent {
        struct Txn {
            var parents: [Int]
            var agent: Int
            var patches: [TextPatch]
        }
        var endContent: String
        var agentCount: Int
        var txns: [Txn]
    }

    /// Decompresses with `gzip -dc` (Foundation has no gzip on Linux) and parses the JSON.
    static func json(_ relativePath: String) throws -> [String: Any] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-dc", directory + "/" + relativePath]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0,
              let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw CocoaError(.fileReadCorruptFile)
        }
        return object
    }

    static func patches(_ raw: Any?) -> [TextPatch] {
        guard let list = raw as? [[Any]] else { return [] }
        return list.map { p in
            TextPatch(position: (p[0] as? NSNumber)?.intValue ?? 0,
                      deleteCount: (p[1] as? NSNumber)?.intValue ?? 0,
                      insert: p[2] as? String ?? "")
        }
    }

    static func sequential(_ name: String) throws -> Sequential {
        let object = try json(name + ".json.gz")
        let txns = (object["txns"] as? [[String: Any]] ?? []).map { patches($0["patches"]) }
        return Sequential(endContent: object["endContent"] as? String ?? "", txns: txns)
    }

    static func concurrent(_ name: String) throws -> Concurrent {
        let object = try json("concurrent/" + name + ".json.gz")
        let txns = (object["txns"] as? [[String: Any]] ?? []).map { t in
            Concurrent.Txn(parents: (t["parents"] as? [NSNumber] ?? []).map(\.intValue),
                           agent: (t["agent"] as? NSNumber)?.intValue ?? 0,
                           patches: patches(t["patches"]))
        }
        return Concurrent(endContent: object["endContent"] as? String ?? "",
                          agentCount: (object["numAgents"] as? NSNumber)?.intValue ?? 0, txns: txns)
    }

    /// A fixed 32-byte agent whose bytes are all `seed`.
    static func agent(_ seed: UInt8) -> TextAgent { TextAgent([UInt8](repeating: seed, count: 32)) }
}
