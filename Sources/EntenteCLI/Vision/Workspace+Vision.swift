import EntenteCore
import Foundation

// MARK: - Looking up vision records from what the user typed

extension Workspace {
    /// The whole vision, read from this workspace's records.
    var vision: Vision { Vision(records: self.records) }

    /// The record of `kind` that `query` names, read as `T`.
    /// - Throws: ``CLIError`` when nothing or several records match.
    func find<T>(_ query: String, kind: String, _ make: (RecordState) -> T?) throws -> T {
        let record = try self.resolver.resolve(query, kind: kind)
        guard let value = make(record) else { throw CLIError("'\(query)' is not a \(kind)") }
        return value
    }

    func stage(_ query: String) throws -> Stage {
        try self.find(query, kind: RecordKind.stage, Stage.init)
    }

    /// The member named by `query`, or this replica's member when `query` is `nil`.
    func member(orMe query: String?) throws -> Member {
        if let query { return try self.member(query) }
        return try self.me()
    }

    /// The collective record; every replica made by `entente init` has one.
    func collective() throws -> Collective {
        guard let collective = Collective.find(in: self.records) else {
            throw CLIError("this replica holds no collective record yet; merge a founder's replica with `entente merge DIR`")
        }
        return collective
    }
}

// MARK: - Checking typed values

enum Input {
    /// `raw` as one of `T`'s cases (case-insensitive).
    /// - Throws: ``CLIError`` listing the allowed values.
    static func choice<T: RawRepresentable & CaseIterable>(_ raw: String, _ type: T.Type, option: String) throws -> T
    where T.RawValue == String {
        if let value = T(rawValue: raw.lowercased()) { return value }
        let allowed = T.allCases.map(\.rawValue).joined(separator: ", ")
        throw CLIError("'\(raw)' is not allowed for \(option); use one of: \(allowed)")
    }

    /// `text` trimmed, refused when empty.
    static func text(_ text: String, _ what: String, example: String) throws -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw CLIError("\(what) must not be empty; for example: \(example)") }
        return trimmed
    }

    /// A 1–5 score (likelihood, impact).
    static func score(_ value: Int, option: String) throws -> Int64 {
        guard Risk.scale.contains(Int64(value)) else {
            throw CLIError("\(option) must be between 1 (low) and 5 (high), not \(value); for example \(option) 3")
        }
        return Int64(value)
    }

    /// A date option, or today when absent.
    static func date(_ text: String?, option: String) throws -> String {
        guard let text else { return Dates.today() }
        return try Dates.validate(text, option: option)
    }
}
