import EntenteActions
import EntenteCore
import EntenteStore
import EntenteSync
import ArgumentParser

/// The `entente` command: a partnership vision, kept in sync peer to peer.
public struct EntenteCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "entente",
        abstract: tr("Keep a collective's partnership vision in sync, peer to peer, with every change signed.",
                     "Garder à jour, de pair à pair, la vision de partenariat d'un collectif, chaque changement étant signé."),
        discussion: helpText("""
            Start with `entente init --collective NAME --name ME`, or try `entente demo`.
            Every command that changes the vision records one signed change; `entente log`
            shows who committed what.
            """, """
            Commencez par `entente init --collective NAME --name ME`, ou essayez
            `entente demo`. Chaque commande qui modifie la vision enregistre un changement
            signé ; `entente log` montre qui a enregistré quoi.
            """),
        version: "0.1.0",
        subcommands: [
            Init.self, Whoami.self, CollectivesCommand.self,
            MemberCommand.self, DeviceCommand.self, CommitmentCommand.self,
            CollectiveCommand.self, VisionTextCommand.self, ExpectationCommand.self, StrengthCommand.self, StageCommand.self,
            PhaseCommand.self, RiskCommand.self, ContributionCommand.self, DecisionCommand.self, ValueCommand.self, ExitCommand.self,
            ShowCommand.self, StatusCommand.self, CoachCommand.self, BoardCommand.self, ExportCommand.self,
            Conflicts.self, ArchiveCommand.self, RestoreCommand.self, MergeCommand.self, BundleCommand.self,
            Log.self, History.self, Audit.self, Repair.self,
            Serve.self, Sync.self, PeerCommand.self, RelayCommand.self, Invite.self, Join.self,
            Peers.self, Meet.self, MeetingCommand.self,
            Demo.self,
        ]
    )

    public init() {}

    /// Parses and runs like `ParsableCommand.main()`, but errors, which may quote names and
    /// titles from peers, reach the terminal neutralised (``TerminalText``), and in French
    /// ArgumentParser's own words (help titles, parse errors) are French (``ParserFrench``).
    public static func main() {
        do {
            var command = try Self.parseAsRoot()
            try command.run()
        } catch {
            let code = Self.exitCode(for: error)
            let action = (error as? ActionError) ?? (error as? StoreError).map { ActionError($0.phrase) }
                ?? (error as? MergeError).map { ActionError($0.phrase) } ?? (error as? SyncFailure).map { ActionError($0.phrase()) }
            var message = action.map { Self.message(for: $0) } ?? Self.parserMessage(for: error, language: .current)
            if action == nil, code != .success {
                let arguments = Array(CommandLine.arguments.dropFirst())
                if let unknown = CommandSuggestion.message(for: arguments) {
                    message = Self.message(for: ActionError(unknown))
                } else if let negative = CommandSuggestion.negativeNumber(in: arguments) {
                    message = Self.message(for: ActionError(negative))
                }
            }
            if !message.isEmpty {
                if code == .success, action == nil, Self.asksForData(CommandLine.arguments) {
                    // A completion script or the help dump: as they are, never typeset.
                    printVerbatim(message)
                } else if code == .success {
                    print(message)
                } else {
                    printError(message)
                }
            }
            Self.exit(withError: code == .success ? nil : ExitCode(code.rawValue))
        }
    }

    /// Whether the arguments ask ArgumentParser for a completion script or its help dump.
    static func asksForData(_ arguments: [String]) -> Bool {
        arguments.contains { $0.hasPrefix("--generate-completion-script") || $0 == "--experimental-dump-help" || $0.hasPrefix("---completion") }
    }

    /// ArgumentParser's message for `error` (a help page, a parse error, a completion script…):
    /// as it is in English, but for the usage line of a help page or an error wrapped to the
    /// width, an option kept with its value; in French,
    /// help pages and errors translated, wrapped to the same width (the dump, completion scripts
    /// and the version are left alone).
    static func parserMessage(for error: Error, language: Language) -> String {
        let width = ParserFrench.width()
        let success = Self.exitCode(for: error) == .success
        guard language == .french else {
            let message = Self.fullMessage(for: error)
            guard success else { return HelpText.wrapErrorUsage(message, width: width) }
            return ParserFrench.isHelpPage(message) ? HelpText.wrapUsage(message, width: width) : message
        }
        let message = Self.fullMessage(for: error, columns: width)
        if success {
            return ParserFrench.isHelpPage(message) ? HelpText.wrapUsage(ParserFrench.help(message, width: width), width: width) : message
        }
        return HelpText.wrapErrorUsage(ParserFrench.error(message), width: width)
    }

    /// An action's error in the environment's language.
    static func message(for error: ActionError) -> String {
        Language.current == .french ? "Erreur : " + error.phrase.french : "Error: " + error.phrase.english
    }
}
