import EntenteActions
import EntenteCore
import Foundation

/// Asks, on a terminal, which kind of exit a departure is (the terms agreed for that kind are
/// then shown): by number or by name, Enter to leave it unsaid.
enum ExitKindPrompt {
    /// How many answers are read before giving up.
    static let attempts = 3

    /// The kind chosen, `nil` when the person pressed Enter.
    /// - Throws: ``ActionError`` after ``attempts`` answers that name no kind, or at the end of input.
    static func ask(_ language: Language, read: () -> String? = { readLine() }, write writeOut: @escaping (String) -> Void = { print($0, terminator: "") }) throws -> ExitKind? {
        let write = { (text: String) in writeOut(typeset(text, language: language)) }
        let kinds = ExitKind.allCases
        var lines = [(Phrase("Which kind of exit is it?", fr: "De quel type de départ s'agit-il ?")).text(language)]
        for (index, kind) in kinds.enumerated() {
            lines.append(language == .english ? "  \(index + 1). \(kind.rawValue): \(kind.words.english)" : "  \(index + 1). \(kind.words.french)")
        }
        lines.append((Phrase("Type a number (1-\(kinds.count)) or a name; Enter to leave it unsaid.",
                                          fr: "Tapez un numéro (1-\(kinds.count)) ou un nom ; Entrée pour ne pas le préciser.")).text(language))
        write(lines.joined(separator: "\n") + "\n")
        for _ in 0..<Self.attempts {
            write((Phrase("Kind of exit: ", fr: "Type de départ : ")).text(language))
            guard let line = read() else { break }
            let answer = line.trimmingCharacters(in: .whitespaces)
            if answer.isEmpty { return nil }
            if let number = Int(answer), (1...kinds.count).contains(number) { return kinds[number - 1] }
            if let kind = try? Input.choice(answer, ExitKind.self, option: "--kind") { return kind }
            write((Phrase("'\(answer)' is not one of them.\n", fr: "« \(answer) » n'en fait pas partie.\n")).text(language))
        }
        throw ActionError(Phrase(
            "no kind of exit chosen; give it with --kind (\(ExitKind.listed(.english))) or --no-input",
            fr: "aucun type de départ choisi ; donnez-le avec --kind (\(ExitKind.listed(.french))) ou --no-input"))
    }
}
