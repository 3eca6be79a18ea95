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
        let width = (labels.map(\.count).max() ?? 0) + 2
        self.padded = labels.map { ($0 + ":").padding(toLength: width, withPad: " ", startingAt: 0) }
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
