import ArgumentParser
import EntenteActions
import EntenteCore
import Foundation

/// The JSON shape of `entente coach --json`.
struct CoachShape: Encodable {
    struct Reading: Encodable {
        var idea: String
        var level: String
        var step: String
        var done: Int
        var of: Int
        var waitingFor: [String]
        var standing: String
        var next: String
    }

    var verdict: String
    var verdictText: String
    var alarms: [String]
    var readings: [Reading]
}

extension EntenteCommand {
    struct CoachCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "coach",
            abstract: tr("Partnership health, as a coach would read it: each key idea of the practice, where you stand, the next step.", "La santé du partenariat, lue comme un coach la lirait : chaque idée clé de la pratique, où vous en êtes, la prochaine étape."),
            discussion: helpText("""
                Reads the replica for each of the practice's key ideas (expectations said and heard,
                complementarities, stages with their entries and exits, the phase, the risks, the
                value of work, a common vision) and answers its question: a partnership of façade,
                or a real synergy? In French when ENTENTE_LANG or LANG says so.
                Example: entente coach
                """, """
                Lit le réplica pour chaque idée clé de la pratique (attentes dites et entendues,
                complémentarités, étapes avec leurs entrées et sorties, la phase, les risques,
                la valeur du travail, une vision commune) et répond à sa question : partenariat
                de façade ou réelle synergie ? En français quand ENTENTE_LANG ou LANG le disent.
                Exemple : entente coach
                """))
        @OptionGroup var options: ReplicaOptions
        @OptionGroup var output: JSONOption

        func run() throws {
            let vision = try Workspace(try self.options.open()).vision
            let words = CoachWords(PartnershipHealth(records: vision.records, today: vision.today), vision)
            let language = Language.fromEnvironment(ProcessInfo.processInfo.environment)
            let say = { (phrase: Phrase) in phrase.text(language) }
            if self.output.json {
                printVerbatim(try JSONOutput.render(CoachShape(
                    verdict: words.health.verdict.rawValue, verdictText: say(words.verdict), alarms: words.health.alarms.map(\.rawValue),
                    readings: words.health.readings.map { reading in
                        CoachShape.Reading(idea: reading.idea.rawValue, level: String(describing: reading.level), step: reading.step.rawValue,
                                           done: reading.done, of: reading.of, waitingFor: reading.waitingFor.map { vision.name($0) },
                                           standing: say(words.standing(reading)), next: say(words.next(reading)))
                    })))
                return
            }
            let terminal = Terminal.standard
            for reading in words.health.readings {
                let level = say(CoachWords.level(reading.level))
                let mark = reading.level == .solid ? terminal.green(level) : reading.level == .started ? terminal.yellow(level) : terminal.red(level)
                print(terminal.fit(terminal.bold(say(CoachWords.idea(reading.idea))) + " — " + mark))
                print(terminal.fit("  " + say(words.standing(reading))))
                print(terminal.fit("  → " + say(words.next(reading))))
            }
            print("")
            print(terminal.bold(say(Phrase("Façade or real synergy?", fr: "Partenariat de façade ou réelle synergie ?"))))
            print(terminal.fit(say(words.verdict)))
        }
    }
}
