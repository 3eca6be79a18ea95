import Foundation
import ArgumentParser
import EntenteActions

/// A text of the command line in the environment's language (``Language/current``).
func tr(_ english: String, _ french: String) -> String {
    Phrase(english, fr: french).localized
}

/// A calendar date shown to people: as it is typed (`2027-01-15`) in English, where ISO reads
/// the same in every English-speaking country; `15 janv. 2027` in French. JSON keeps ISO.
func shownDate(_ iso: String) -> String {
    Language.current == .french ? Dates.shown(iso, language: .french) : iso
}

/// Labels of a "label: value" block, padded to one column whatever the language.
struct Labels {
    private let padded: [String]

    init(_ labels: [String]) {
        // French sets a space before the colon ("clé : …").
        let colon = Language.current == .french ? " :" : ":"
        let width = (labels.map(\.count).max() ?? 0) + colon.count + 1
        self.padded = labels.map { ($0 + colon).padding(toLength: width, withPad: " ", startingAt: 0) }
    }

    subscript(index: Int) -> String { self.padded[index] }
}

extension ValidationError {
    /// "give at least one of '--a', '--b' or '--c'", in the environment's language.
    static func atLeastOne(of options: [String]) -> ValidationError {
        func list(_ quote: (String) -> String, _ or: String) -> String {
            let quoted = options.map(quote)
            guard quoted.count > 1, let last = quoted.last else { return quoted.first ?? "" }
            return quoted.dropLast().joined(separator: ", ") + or + last
        }
        return ValidationError(tr("give at least one of " + list({ "'\($0)'" }, " or "),
                                  "donnez au moins une des options " + list({ "« \($0) »" }, " ou ")))
    }
}

extension Phrase {
    /// The text in the environment's language, wrapped to the terminal's width (a confirmation
    /// that echoes a long title still fits an 80-column terminal).
    var shown: String { TextFit.fit(self.localized, width: TextFit.width()) }
}

/// `text` set as French is printed when the environment is French (``French/typeset(_:)``);
/// as it is in English.
func typeset(_ text: String, language: Language = .current) -> String {
    language == .french ? French.typeset(text) : text
}

/// Prints `text` wrapped to the terminal's width (nothing is wrapped for a pipe or a file).
func say(_ text: String) {
    print(TextFit.fit(text, width: TextFit.width()))
}
