import EntenteTestSupport
import Foundation
import Testing

/// No output shows an internal type or a field's code name, and French output shows no
/// English value code: every read command of a scenario with conflicts and disagreements is
/// scanned, in French and in English.
@Suite("What every command prints, scanned")
struct OutputScanTests {
    /// English value codes that French output must never show (whole words).
    static let englishCodes = [
        "proposed", "accepted", "done", "dropped", "broken", "mitigated", "closed", "euphoria", "crisis", "concern",
        "interest", "strength", "weakness", "defection", "lack-of-distance", "value-of-work", "evaluation-of-results",
        "good-reason", "no-good-reason", "excluded-with-cause", "planned", "active", "adopted", "rejected", "withdrawn",
        "agree", "abstain", "billable", "commons", "care", "cash",
    ]

    /// Internal names no output may show.
    static let internals = ["GRDB", "SQL(", "Optional(", "RecordID(", "ChangeID(", "Value.", "\\u{"]

    /// camelCase words (a field's code name such as `raisedBy` or `acceptedBy`).
    static func camelCase(in text: String) -> [String] {
        text.split { !$0.isLetter }.map(String.init).filter { word in
            guard let first = word.first, first.isLowercase, word.count > 3 else { return false }
            return word.dropFirst().contains { $0.isUppercase }
        }
    }

    /// The words of `text` outside commands in backticks (a command's name stays English).
    static func words(_ text: String) -> Set<String> {
        let prose = text.split(separator: "`", omittingEmptySubsequences: false).enumerated().filter { $0.offset % 2 == 0 }.map(\.element).joined(separator: " ")
        return Set(prose.lowercased().split { !$0.isLetter && $0 != "-" }.map(String.init))
    }

    @Test func everyReadCommandInBothLanguagesShowsNoInternalsAndNoEnglishCodesInFrench() throws {
        let directory = try TemporaryDirectory("entente-output-scan")
        defer { directory.remove() }
        let alice = directory.path("alice"), bruno = directory.path("bruno")
        let french = try EntenteBinary(environment: FrenchHelpTests.environment(["LANG": "fr_FR.UTF-8", "COLUMNS": "80"]))
        let english = try EntenteBinary(environment: FrenchHelpTests.environment(["ENTENTE_LANG": "en", "COLUMNS": "80"]))
        @discardableResult
        func ok(_ arguments: [String], _ replica: String) throws -> String {
            let result = try french.run(arguments + ["--replica", replica])
            #expect(result.status == 0, "entente \(arguments.joined(separator: " ")): \(result.output)")
            return result.stdout
        }
        try ok(["init", "--collective", "Les Quatre", "--name", "Alice"], alice)
        try ok(["init", "--from", alice, "--name", "Bruno"], bruno)
        try ok(["merge", bruno], alice)
        try ok(["stage", "add", "Pilote", "--goal", "Un premier contrat"], alice)
        try ok(["expectation", "add", "Être payé en retard", "--type", "crainte"], alice)
        try ok(["strength", "add", "Design", "--type", "force"], alice)
        try ok(["commitment", "add", "Rédiger la réponse", "--due", "15/01/2027"], alice)
        try ok(["risk", "add", "Bruno part", "--zone", "défection", "--likelihood", "3", "--impact", "4"], alice)
        try ok(["contribution", "add", "Maquette", "--effort", "10"], alice)
        try ok(["contribution", "value", "Maquette", "1000"], alice)
        try ok(["decision", "propose", "Louer un atelier", "--driver", "Nous nous voyons au café"], alice)
        try ok(["exit", "add", "bonne raison", "--notice", "30"], alice)
        try ok(["value", "rule", "--rate", "60", "--multiplier", "soin=0,5"], alice)
        try ok(["merge", alice], bruno)
        // Offline, both edit the same things differently.
        try ok(["phase", "add", "euphorie"], alice)
        try ok(["phase", "add", "crise"], bruno)
        try ok(["risk", "update", "Bruno part", "--likelihood", "2"], alice)
        try ok(["risk", "update", "Bruno part", "--likelihood", "5"], bruno)
        try ok(["stage", "update", "Pilote", "--status", "en cours"], alice)
        try ok(["stage", "update", "Pilote", "--status", "terminée"], bruno)
        try ok(["contribution", "value", "Maquette", "200"], bruno)
        try ok(["decision", "stance", "atelier", "objection", "--reason", "Trop cher"], bruno)
        try ok(["commitment", "accept", "Rédiger"], bruno)
        try ok(["commitment", "update", "Rédiger", "--status", "fait"], alice)
        try ok(["merge", bruno], alice)

        let reads: [[String]] = [
            ["show"], ["status"], ["conflicts"], ["log"], ["coach"], ["whoami"], ["audit"],
            ["member", "list"], ["member", "show", "Bruno"], ["stage", "list"], ["stage", "show", "Pilote"],
            ["expectation", "list"], ["expectation", "show", "retard"], ["strength", "list"], ["commitment", "list"],
            ["commitment", "show", "Rédiger"], ["risk", "list", "--all"], ["risk", "show", "Bruno"], ["phase", "list"],
            ["contribution", "list"], ["contribution", "show", "Maquette"], ["decision", "list"], ["decision", "show", "atelier"],
            ["exit", "list"], ["value", "shares"], ["history", "Pilote"], ["export", "--format", "markdown", "-"],
        ]
        var problems: [String] = []
        for read in reads {
            for (language, binary) in [("fr", french), ("en", english)] {
                let result = try binary.run(read + ["--replica", alice])
                let command = "[\(language)] entente \(read.joined(separator: " "))"
                guard result.status == 0 else {
                    problems.append("\(command) failed: \(result.stderr)")
                    continue
                }
                let text = result.stdout
                for name in Self.internals where text.contains(name) { problems.append("\(command) shows \(name)") }
                let camel = Set(Self.camelCase(in: text))
                if !camel.isEmpty { problems.append("\(command) shows code names: \(camel.sorted().joined(separator: ", "))") }
                if language == "fr" {
                    let codes = Self.words(text).intersection(Self.englishCodes)
                    if !codes.isEmpty { problems.append("\(command) shows English codes: \(codes.sorted().joined(separator: ", "))") }
                }
                for line in text.split(separator: "\n") where line.count > 80 && read.first != "export" {
                    problems.append("\(command) line wider than 80: \(line)")
                }
            }
        }
        #expect(problems.isEmpty, "\(problems.count) problem(s):\n\(problems.joined(separator: "\n"))")
    }
}
