import EntenteTestSupport
import Foundation
import Testing

/// A French-speaking collective types its keywords in French (accents, case and hyphens as
/// people type them), finds records by fragments, and reads every value in French, on an
/// 80-column terminal, through the real binary.
@Suite("French keywords, end to end")
struct FrenchKeywordEndToEndTests {
    @Test func aFrenchCollectiveTypesAndReadsFrench() throws {
        let directory = try TemporaryDirectory("entente-french-keywords")
        defer { directory.remove() }
        let alice = directory.path("alice"), bruno = directory.path("bruno")
        let french = try EntenteBinary(environment: FrenchHelpTests.environment(["LANG": "fr_FR.UTF-8", "COLUMNS": "80"]))
        let english = try EntenteBinary(environment: FrenchHelpTests.environment(["ENTENTE_LANG": "en"]))
        @discardableResult
        func ok(_ arguments: [String], _ binary: EntenteBinary? = nil, replica: String? = nil) throws -> String {
            let result = try (binary ?? french).run(arguments + ["--replica", replica ?? alice])
            #expect(result.status == 0, "entente \(arguments.joined(separator: " ")): \(result.output)")
            for line in result.stdout.split(separator: "\n") where binary == nil {
                #expect(line.count <= 80, "entente \(arguments.joined(separator: " ")): \(line)")
            }
            return result.stdout
        }
        func oneLine(_ text: String) -> String {
            text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        }
        func fails(_ arguments: [String]) throws -> String {
            let result = try french.run(arguments + ["--replica", alice])
            #expect(result.status != 0, "entente \(arguments.joined(separator: " ")) was accepted: \(result.output)")
            // Messages are wrapped to the terminal: read them as one line.
            return result.stderr.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        }
        try ok(["init", "--collective", "Les Quatre", "--name", "Alice"])
        try ok(["init", "--from", alice, "--name", "Bruno"], replica: bruno)
        try ok(["merge", bruno])

        // Keywords in French, as typed.
        #expect(try ok(["phase", "add", "crise"]).contains("Alice voit une phase de crise"))
        #expect(try ok(["phase", "add", "Euphorie"]).contains("Alice voit une phase d'euphorie"))
        try ok(["risk", "add", "Bruno pourrait partir chez un client", "--zone", "défection", "--likelihood", "4", "--impact", "4"])
        try ok(["risk", "add", "Nous sommes amis", "--zone", "Manque-de-distance", "--likelihood", "2", "--impact", "2"])
        let mitigated = oneLine(try ok(["risk", "update", "pourrait partir", "--status", "atténuée"]))
        #expect(mitigated.contains("«\u{00A0}Bruno pourrait partir chez un client\u{00A0}» modifié\u{00A0}: le statut"), "\(mitigated)")
        let concern = oneLine(try ok(["expectation", "add", "Être payé en retard", "--type", "crainte"]))
        #expect(concern.hasPrefix("Crainte d'Alice enregistrée (") && concern.contains(")\u{00A0}: «\u{00A0}Être payé en retard\u{00A0}»."), "\(concern)")
        try ok(["commitment", "add", "Rédiger la réponse à l'appel d'offres"])
        let done = oneLine(try ok(["commitment", "update", "la réponse", "--status", "fait"]))
        #expect(done.contains("«\u{00A0}Rédiger la réponse à l'appel d'offres\u{00A0}» modifié\u{00A0}: statut tenu"), "\(done)")
        try ok(["stage", "add", "Pilote"])
        try ok(["stage", "update", "Pilote", "--status", "en cours"])
        try ok(["exit", "add", "bonne raison", "--notice", "30"])
        try ok(["decision", "propose", "Répondre ensemble au budget prévisionnel"])
        try ok(["decision", "stance", "budget prévisionnel", "bloquer", "--reason", "Trop tôt"])

        // Every value read back in French, none in English.
        let risks = try ok(["risk", "list", "--all"])
        #expect(risks.contains("défection") && risks.contains("atténué") && risks.contains("manque de"), "\(risks)")
        #expect(!risks.contains("defection") && !risks.contains("mitigated") && !risks.contains("lack-of"), "\(risks)")
        let phases = try ok(["phase", "list"])
        #expect(phases.contains("euphorie") && !phases.contains("euphoria") && !phases.contains("crisis"), "\(phases)")
        let expectations = try ok(["expectation", "list"])
        #expect(expectations.contains("crainte") && expectations.contains("ouverte") && !expectations.contains("concern"), "\(expectations)")
        let commitments = try ok(["commitment", "list"])
        #expect(commitments.contains("tenu") && !commitments.contains("done"), "\(commitments)")
        let stages = try ok(["stage", "list"])
        #expect(stages.contains("en cours") && !stages.contains("active"), "\(stages)")
        let exits = try ok(["exit", "list"])
        #expect(exits.contains("départ pour une") && !exits.contains("good-reason"), "\(exits)")
        let decision = try ok(["decision", "show", "budget"])
        #expect(decision.contains("Alice\u{00A0}: blocage — Trop tôt"), "\(decision)")

        // Dates and numbers as the tool prints them.
        try ok(["commitment", "add", "Envoyer le devis", "--due", "15/01/2027"])
        #expect(try ok(["commitment", "list"]).contains("15 janv. 2027"))
        try ok(["commitment", "update", "devis", "--due", "1er févr. 2027"])
        #expect(try ok(["commitment", "show", "devis"]).contains("1 févr. 2027"))
        try ok(["contribution", "add", "Maquette du site"])
        try ok(["contribution", "value", "maquette", "1 200"])
        #expect(try ok(["contribution", "show", "maquette"]).contains("évalué 1200 par Alice"))
        #expect(try fails(["contribution", "value", "maquette", "1200,50"]).contains("n'est pas un nombre entier pour la valeur"))
        #expect(try fails(["commitment", "add", "X", "--due", "31/02/2027"]).contains("écrivez JJ/MM/AAAA, par exemple 31/12/2026"))

        // Conflicts are real: Bruno accepts while Alice marks it kept; both raise the likelihood of one risk.
        try ok(["commitment", "add", "Livrer la maquette"])
        try ok(["merge", alice], replica: bruno)
        try ok(["commitment", "accept", "Livrer la maquette"], replica: bruno)
        try ok(["risk", "update", "amis", "--likelihood", "4"], replica: bruno)
        try ok(["commitment", "update", "Livrer la maquette", "--status", "tenu"])
        try ok(["risk", "update", "amis", "--likelihood", "2"])
        try ok(["merge", bruno])
        let delivered = try ok(["commitment", "show", "Livrer la maquette"])
        #expect(delivered.contains("statut\u{00A0}:      tenu") && !delivered.contains("conflit") && delivered.contains("accepté par\u{00A0}: Bruno"), "\(delivered)")
        #expect(delivered.contains("  proposé  par Alice") && delivered.contains("  tenu  par Alice") && !delivered.contains("done"), "\(delivered)")
        let friends = oneLine(try ok(["risk", "show", "amis"]))
        #expect(friends.contains("probabilité 4 × impact 2 = 8, en conflit\u{00A0}: compté au plus haut"), "\(friends)")
        let conflicts = try ok(["conflicts"])
        #expect(conflicts.contains("Risque ") && conflicts.contains("«\u{00A0}Nous sommes amis\u{00A0}», la probabilité\u{00A0}:") && conflicts.contains("  * 4  — Bruno, ")
                && conflicts.contains("déc. 2026") && !conflicts.contains("Livrer"), "\(conflicts)")

        // An invite with nothing serving says so, and when it expires in local time.
        let invite = try french.run(["invite", "--replica", alice, "--address", "127.0.0.1:7420"])
        #expect(invite.status == 0 && oneLine(invite.stderr).contains("attention\u{00A0}: aucun `entente serve` ne tourne sur ce réplica"), "\(invite.output)")
        #expect(invite.stderr.contains(" 2026 ") || invite.stderr.contains(" 2027 "), "\(invite.stderr)")

        // A word that names nothing lists the choices in French.
        #expect(try fails(["phase", "add", "bof"]).contains("«\u{00A0}bof\u{00A0}» n'est pas permis pour la phase\u{202F}; choisissez parmi\u{00A0}: euphorie, crise, performance"))
        #expect(try fails(["risk", "update", "amis", "--zone", "amour"]).contains("choisissez parmi\u{00A0}: défection, «\u{00A0}manque de distance\u{00A0}»"))
        let notFound = try fails(["risk", "show", "licorne"])
        #expect(notFound.contains("aucun risque ne correspond à «\u{00A0}licorne\u{00A0}»") && !notFound.contains("entente sync"), "\(notFound)")
        // A replica that never had news from the others suggests a sync.
        let solo = directory.path("solo")
        try ok(["init", "--collective", "Seule", "--name", "Zoé"], replica: solo)
        let lonely = try french.run(["risk", "show", "licorne", "--replica", solo])
        #expect(oneLine(lonely.stderr).contains("lancez d'abord `entente sync` (ou `entente meet`)"), "\(lonely.stderr)")
        #expect(try fails(["stage", "show", "licorne"]).contains("aucune étape ne correspond à «\u{00A0}licorne\u{00A0}»"))

        // English keywords keep working, and English readers read the codes.
        try ok(["risk", "update", "amis", "--status", "closed"], english)
        let inEnglish = try ok(["risk", "list", "--all"], english)
        #expect(inEnglish.contains("lack-of-distance") || inEnglish.contains("lack of distance"), "\(inEnglish)")
        #expect(inEnglish.contains("closed") && inEnglish.contains("mitigated"), "\(inEnglish)")
    }
}
