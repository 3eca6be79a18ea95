import Foundation
import EntenteActions

/// A text of the command line in the environment's language (``Language/current``).
func tr(_ english: String, _ french: String) -> String {
    Phrase(english, fr: french).localized
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
