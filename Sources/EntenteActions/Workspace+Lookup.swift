import EntenteCore
import Foundation

// MARK: - Looking up vision records from what a person typed

extension Workspace {
    /// The whole vision, read from this workspace's records.
    public var vision: Vision { Vision(records: self.records, today: self.today) }

    /// The record of `kind` that `query` names, read as `T`.
    /// - Throws: ``ActionError`` when nothing or several records match.
    public func find<T>(_ query: String, kind: String, _ make: (RecordState) -> T?) throws -> T {
        let record = try self.resolver.resolve(query, kind: kind)
        guard let value = make(record) else {
            throw ActionError(Phrase("'\(query)' is not a \(kind)", fr: "« \(query) » n'est pas de type \(kind)"))
        }
        return value
    }

    public func stage(_ query: String) throws -> Stage {
        try self.find(query, kind: RecordKind.stage, Stage.init)
    }

    /// The member named by `query`, or this replica's member when `query` is `nil`.
    public func member(orMe query: String?) throws -> Member {
        if let query { return try self.member(query) }
        return try self.me()
    }

    /// The collective record; every replica made by `entente init` has one.
    public func collective() throws -> Collective {
        guard let collective = Collective.find(in: self.records) else {
            throw ActionError(Phrase(
                "this replica holds no collective record yet; merge a founder's replica with `entente merge DIR`",
                fr: "ce réplica ne contient pas encore de collectif ; fusionnez le réplica d'un fondateur avec `entente merge DOSSIER`"))
        }
        return collective
    }
}

// MARK: - Checking typed values

public enum Input {
    /// The value of `T` that `raw` names, in either language (see ``Keyword``).
    /// - Throws: ``ActionError`` listing the allowed values in the reader's language.
    public static func choice<T: Keyword>(_ raw: String, _ type: T.Type, option: Phrase) throws -> T {
        if let value = T.parse(raw) { return value }
        throw ActionError(Phrase(
            "'\(raw)' is not allowed for \(option.english); use one of: \(T.listed(.english))",
            fr: "« \(raw) » n'est pas permis pour \(option.french) ; choisissez parmi : \(T.listed(.french))"))
    }

    /// The value of `T` that `raw` names, for an option spelt the same in both languages.
    public static func choice<T: Keyword>(_ raw: String, _ type: T.Type, option: String) throws -> T {
        try self.choice(raw, type, option: Phrase(option, fr: option))
    }

    /// `text` trimmed, refused when empty.
    public static func text(_ text: String, _ what: Phrase, example: String) throws -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else {
            throw ActionError(Phrase(
                "\(what.english) must not be empty; for example: \(example)",
                fr: "\(what.french) ne peut pas être vide ; par exemple : \(example)"))
        }
        guard trimmed.utf8.count <= VisionLimits.maximumTextBytes else { throw ActionError(Workspace.tooLong(VisionLimits.maximumTextBytes, what: what)) }
        return trimmed
    }

    /// `text` trimmed, refused when empty (a name that reads the same in both languages).
    public static func text(_ text: String, _ what: String, example: String) throws -> String {
        try self.text(text, Phrase(what, fr: what), example: example)
    }

    /// A whole number as people write it: `3000`, `3 000` (any space between thousands),
    /// `3000,00` or `3000.00` (a fraction of zeros); `-`, other fractions and overflow refused.
    public static func wholeNumber(_ text: String, option: String) throws -> Int {
        let cleaned = text.unicodeScalars.filter { !["\u{20}", "\u{A0}", "\u{202F}", "'", "’"].contains($0) }
        let typed = String(String.UnicodeScalarView(cleaned))
        let parts = typed.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "," || $0 == "." }).map(String.init)
        guard (1...2).contains(parts.count), typed.last != ",", typed.last != ".", let whole = parts.first, !whole.isEmpty,
              whole.allSatisfy(\.isASCIIDigit), parts.dropFirst().allSatisfy({ $0.allSatisfy { $0 == "0" } }),
              let value = Int(whole), value <= Self.largestWholeNumber
        else {
            throw ActionError(Phrase(
                "'\(text)' is not a whole number for \(option); for example 3000 or 3 000 (no decimals: round to the nearest unit)",
                fr: "« \(text) » n'est pas un nombre entier pour \(option) ; par exemple 3000 ou 3 000 (sans décimales : arrondissez à l'unité)"))
        }
        return value
    }

    /// The largest whole number typed (a trillion: no worth or count comes near it).
    public static let largestWholeNumber = 1_000_000_000_000

    /// A 1–5 score (likelihood, impact).
    public static func score(_ value: Int, option: String) throws -> Int64 {
        guard value >= 1, value <= 5, Risk.scale.contains(Int64(value)) else {
            throw ActionError(Phrase(
                "\(option) must be between 1 (low) and 5 (high), not \(value); for example \(option) 3",
                fr: "\(option) va de 1 (faible) à 5 (fort), pas \(value) ; par exemple \(option) 3"))
        }
        return Int64(value)
    }

    /// A date option, or today when absent.
    public static func date(_ text: String?, option: String) throws -> String {
        guard let text, !text.isEmpty else { return Dates.today() }
        return try Dates.validate(text, option: option)
    }
}
