import ArgumentParser
import EntenteActions
import EntenteCore

/// "Did you mean": when a command line does not parse because a command name is mistyped
/// (`entente stauts`), the closest command names.
enum CommandSuggestion {
    /// The message for `arguments` (without the program name), or nil when every command
    /// name in it is known.
    static func message(for arguments: [String], root: ParsableCommand.Type = EntenteCommand.self) -> Phrase? {
        var command = root
        var path = [Self.name(of: root)]
        for argument in arguments {
            guard !argument.hasPrefix("-") else { return nil }
            let subcommands = command.configuration.subcommands
            guard !subcommands.isEmpty, argument != "help" else { return nil }
            if let next = subcommands.first(where: { Self.name(of: $0) == argument || $0.configuration.aliases.contains(argument) }) {
                command = next
                path.append(argument)
                continue
            }
            let names = subcommands.map { Self.name(of: $0) }
            let suggestions = NameMatching.suggestions(for: argument, among: names)
            let prefix = path.joined(separator: " ")
            let english = suggestions.isEmpty ? "" : " Did you mean " + suggestions.map { "`\(prefix) \($0)`" }.joined(separator: " or ") + "?"
            let french = suggestions.isEmpty ? "" : " Vouliez-vous dire " + suggestions.map { "`\(prefix) \($0)`" }.joined(separator: " ou ") + " ?"
            return Phrase("'\(argument)' is not a command of `\(prefix)`.\(english) See `\(prefix) --help`.",
                          fr: "« \(argument) » n'est pas une commande de `\(prefix)`.\(french) Voyez `\(prefix) --help`.")
        }
        return nil
    }

    /// A clear word for a negative number typed where ArgumentParser saw an unknown option:
    /// no value of Entente can be negative (valuations, hours, days, scores, amounts).
    static func negativeNumber(in arguments: [String]) -> Phrase? {
        guard let number = arguments.first(where: { $0.count > 1 && $0.hasPrefix("-") && Double($0) != nil }) else { return nil }
        return Phrase("'\(number)' is a negative number, and no value here can be negative: valuations, hours, days, scores and amounts are 0 or more",
                      fr: "« \(number) » est un nombre négatif, et aucune valeur ici ne peut l'être : évaluations, heures, jours, notes et montants valent 0 ou plus")
    }

    /// The name a command is typed with.
    static func name(of command: ParsableCommand.Type) -> String {
        command.configuration.commandName ?? command._commandName
    }
}
