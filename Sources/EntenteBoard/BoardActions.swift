import EntenteActions
import EntenteStore
import Foundation

/// The board's forms, each mapped to the action the command line runs for it: one signed
/// change per action, decided by the same code.
enum BoardActions {
    typealias Perform = @Sendable (Workspace, BoardForm) throws -> ActionOutcome

    static let table: [String: Perform] = [
        "acknowledge": { workspace, form in try workspace.acknowledgeExpectation(try form.text("expectation")) },
        "restore": { workspace, form in try workspace.restoreRecord(try form.text("record")) },
        "archive": { workspace, form in try workspace.archiveRecord(try form.text("record")) },
        "expectation": { workspace, form in
            try workspace.stateExpectation(try form.text("text"), type: form.optional("type") ?? "expectation")
        },
        "commitment": { workspace, form in
            try workspace.addCommitment(what: try form.text("what"), towards: form.all("towards"), due: form.optional("due"), stage: form.optional("stage"))
        },
        "accept": { workspace, form in try workspace.acceptCommitment(try form.text("commitment")) },
        "commitment-status": { workspace, form in
            try workspace.updateCommitment(try form.text("commitment"), status: try form.text("status"))
        },
        "checkin": { workspace, form in
            try workspace.checkIn(phase: try form.text("phase"), on: form.optional("on"), note: form.optional("note"))
        },
        "risk": { workspace, form in
            try workspace.raiseRisk(try form.text("description"), zone: form.optional("zone") ?? "other",
                                    likelihood: try Self.score(form, "likelihood"), impact: try Self.score(form, "impact"),
                                    owner: form.optional("owner"), mitigation: form.optional("mitigation"))
        },
        "risk-update": { workspace, form in
            try workspace.updateRisk(try form.text("risk"), likelihood: try form.number("likelihood"), impact: try form.number("impact"),
                                     owner: form.optional("owner"), mitigation: form.optional("mitigation"),
                                     status: form.optional("status"), zone: form.optional("zone"))
        },
        "contribution": { workspace, form in
            try workspace.recordContribution(try form.text("what"), stage: form.optional("stage"), effort: try form.number("effort"))
        },
        "value": { workspace, form in
            guard let value = try form.number("value") else {
                throw ActionError(Phrase("say what the contribution is worth to you, as a whole number",
                                         fr: "dites ce que vaut la contribution pour vous, en nombre entier"))
            }
            return try workspace.valueContribution(try form.text("contribution"), value: value, note: form.optional("note"))
        },
        "engage": { workspace, form in
            try workspace.engage(stage: try form.text("stage"), engaged: form["engaged"] != "no",
                                 entryTerms: form.optional("entryTerms"), exitTerms: form.optional("exitTerms"))
        },
        "vision": { workspace, form in
            // Browsers send line breaks as CR LF; the statement keeps LF, as an editor would.
            let text = try form.text("text").replacingOccurrences(of: "\r\n", with: "\n")
            return try workspace.noting(form.optional("message")).writeVision(text)
        },
        "propose": { workspace, form in
            let options = (form["options"] ?? "").split(whereSeparator: \.isNewline).map(String.init)
            return try workspace.proposeDecision(try form.text("text"), driver: form.optional("driver"), options: options, reviewOn: form.optional("review"))
        },
        "stance": { workspace, form in
            try workspace.takeStance(try form.text("decision"), position: try form.text("position"), reason: form.optional("reason"), option: form.optional("option"))
        },
        "close-decision": { workspace, form in
            try workspace.closeDecision(try form.text("decision"), status: try form.text("status"), outcome: form.optional("outcome"), reviewOn: form.optional("review"))
        },
        "keep-wording": { workspace, form in
            try workspace.keepWording(of: try form.text("member"))
        },
        "resolve": { workspace, form in
            guard let pick = try form.number("pick") else {
                throw ActionError(Phrase("pick one of the values", fr: "choisissez une des valeurs"))
            }
            return try workspace.resolveConflict(record: try form.text("record"), field: try form.text("field"), pick: pick)
        },
    ]

    static func score(_ form: BoardForm, _ name: String) throws -> Int {
        guard let value = try form.number(name) else {
            throw ActionError(Phrase("give the \(name), from 1 to 5", fr: "donnez la valeur de \(name), de 1 à 5"))
        }
        return value
    }
}
