import Foundation
/// The languages Entente speaks.
public enum Language: String, Sendable, CaseIterable, Hashable {
    case english = "en"
    case french = "fr"

    /// The first language of an HTTP `Accept-Language` header (`fr-CH, fr;q=0.9, en;q=0.8`)
    /// that Entente speaks, honouring q-values; English when none is.
    public static func preferred(acceptLanguage header: String?) -> Language {
        guard let header else { return .english }
        var best: (Language, Double)?
        for (index, part) in header.split(separator: ",").enumerated() {
            let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = pieces.first?.lowercased(), !tag.isEmpty else { continue }
            var quality = 1.0
            for parameter in pieces.dropFirst() where parameter.hasPrefix("q=") {
                quality = Double(parameter.dropFirst(2)).flatMap { $0.isFinite ? $0 : nil } ?? 0
            }
            let primary = tag.split(separator: "-").first.map(String.init) ?? tag
            guard quality > 0, let language = Language(rawValue: primary) else { continue }
            // Equal weights keep the header's order: the earlier one wins.
            let weight = quality - Double(index) * 1e-6
            if best == nil || weight > (best?.1 ?? 0) { best = (language, weight) }
        }
        return best?.0 ?? .english
    }
}

/// A text shown to a person, in English and in French.
public struct Phrase: Sendable, Hashable, CustomStringConvertible {
    public var english: String
    public var french: String

    public init(_ english: String, fr french: String) {
        self.english = english
        self.french = french
    }

    public func text(_ language: Language) -> String {
        switch language {
        case .english: self.english
        case .french: self.french
        }
    }

    public var description: String { self.english }
}

extension Language {
    /// The language of the environment: `ENTENTE_LANG`, else `LC_ALL`, `LC_MESSAGES`, `LANG`
    /// (`fr_FR.UTF-8` is French); English for anything else.
    public static func fromEnvironment(_ environment: [String: String]) -> Language {
        for name in ["ENTENTE_LANG", "LC_ALL", "LC_MESSAGES", "LANG"] {
            guard let value = environment[name]?.lowercased(), !value.isEmpty else { continue }
            return value.hasPrefix("fr") ? .french : .english
        }
        return .english
    }
}

extension Language {
    /// The language of this process's environment (see ``fromEnvironment(_:)``), read once.
    public static let current = Language.fromEnvironment(ProcessInfo.processInfo.environment)
}

extension Phrase {
    /// The text in the language of this process's environment (``Language/current``).
    public var localized: String { self.text(.current) }
}
