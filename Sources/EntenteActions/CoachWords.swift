import EntenteCore

/// The partnership's health in words, as a coach would say it: per key idea of the seed,
/// where the collective stands and the next step; then the closing question answered.
public struct CoachWords {
    public let health: PartnershipHealth
    let vision: Vision

    public init(_ health: PartnershipHealth, _ vision: Vision) {
        self.health = health
        self.vision = vision
    }

    public static func idea(_ idea: PartnershipHealth.Idea) -> Phrase {
        switch idea {
        case .vision: Phrase("A common vision", fr: "Une vision commune")
        case .expectations: Phrase("Expectations and interests said out loud", fr: "Échanger sur les attentes et les intérêts mutuels")
        case .complementarities: Phrase("Complementarities", fr: "Déterminer les complémentarités")
        case .stages: Phrase("Entering and leaving by stages", fr: "Définir les entrées et les sorties par étapes")
        case .phases: Phrase("Crisis and performance phases", fr: "Traverser les phases de crise et de performance")
        case .risks: Phrase("Zones of risk", fr: "Identifier et gérer les zones de risques")
        case .value: Phrase("The value of work", fr: "La valeur attribuée au travail fourni")
        }
    }

    public static func level(_ level: PartnershipHealth.Level) -> Phrase {
        switch level {
        case .missing: Phrase("not yet", fr: "pas encore")
        case .started: Phrase("under way", fr: "en cours")
        case .solid: Phrase("solid", fr: "solide")
        }
    }

    func names(_ ids: [RecordID]) -> String { ids.map { self.vision.name($0) }.joined(separator: ", ") }

    /// Where the idea stands, in a sentence.
    public func standing(_ reading: PartnershipHealth.Reading) -> Phrase {
        let (done, of) = (reading.done, reading.of)
        switch reading.idea {
        case .vision:
            return reading.level == .solid ? Phrase("The collective has written its vision statement.", fr: "Le collectif a écrit son énoncé de vision.")
                : Phrase("No vision statement yet.", fr: "Pas encore d'énoncé de vision.")
        case .expectations:
            return Phrase("\(done) of \(of) members have said what they expect.", fr: "\(French.count(done, "membre", "membres")) sur \(of) ont dit ce qu'ils attendent.")
        case .complementarities:
            return Phrase("\(done) of \(of) members have declared strengths, weaknesses, offers or needs.",
                          fr: "\(French.count(done, "membre", "membres")) sur \(of) ont déclaré forces, faiblesses, offres ou besoins.")
        case .stages:
            return of == 0 ? Phrase("No stage is planned.", fr: "Aucune étape n'est prévue.")
                : Phrase("\(done) of \(of) stages have entry and exit conditions.", fr: "\(French.count(done, "étape", "étapes")) sur \(of) ont des conditions d'entrée et de sortie.")
        case .phases:
            return Phrase("\(done) of \(of) members have said which phase they see.", fr: "\(French.count(done, "membre", "membres")) sur \(of) ont dit quelle phase ils voient.")
        case .risks:
            return Phrase("Risks raised in \(done) of \(of) zones.", fr: "Des risques signalés dans \(French.count(done, "zone", "zones")) sur \(of).")
        case .value:
            return of == 0 ? Phrase("No contribution recorded.", fr: "Aucune contribution enregistrée.")
                : Phrase("\(done) of \(of) contributions are valued without disagreement\(ValueRule.inForce(self.vision) == nil ? ", and no value rule is agreed" : "").",
                         fr: "\(French.count(done, "contribution", "contributions")) sur \(of) sont évaluées sans désaccord\(ValueRule.inForce(self.vision) == nil ? ", et aucune règle de valeur n'est convenue" : "").")
        }
    }

    /// The one next step, with the command that takes it.
    public func next(_ reading: PartnershipHealth.Reading) -> Phrase {
        let who = self.names(reading.waitingFor)
        switch reading.step {
        case .writeVision:
            return Phrase("Write the vision together: `entente vision edit`.", fr: "Écrivez la vision ensemble : `entente vision edit`.")
        case .stateExpectations:
            return Phrase("\(who): say what you expect, want or fear (`entente expectation add`). When is this exchange?",
                          fr: "\(who) : dites ce que vous attendez, voulez ou craignez (`entente expectation add`). À quand cet échange ?")
        case .acknowledgeExpectations:
            return Phrase("\(who): acknowledge what the others said (`entente expectation ack`).",
                          fr: "\(who) : prenez en compte ce que les autres ont dit (`entente expectation ack`).")
        case .declareComplementarities:
            return Phrase("\(who): declare your strengths and weaknesses (`entente strength add`).",
                          fr: "\(who) : déclarez vos forces et vos faiblesses (`entente strength add`).")
        case .coverGaps:
            return Phrase("Name who covers each gap, or raise it as a risk (`entente strength report`).",
                          fr: "Dites qui couvre chaque manque, ou signalez-le comme un risque (`entente strength report`).")
        case .planStages:
            return Phrase("Plan the stages of the partnership: `entente stage add`.", fr: "Prévoyez les étapes du partenariat : `entente stage add`.")
        case .stateConditions:
            return Phrase("Give each stage its entry and exit conditions (`entente stage update --entry --exit`).",
                          fr: "Donnez à chaque étape ses conditions d'entrée et de sortie (`entente stage update --entry --exit`).")
        case .engageInStages:
            return Phrase("\(who): say on which terms you enter and leave the current stage (`entente stage engage`).",
                          fr: "\(who) : dites à quelles conditions vous entrez dans l'étape en cours et en sortez (`entente stage engage`).")
        case .checkIn:
            return Phrase("\(who): say which phase you see (`entente phase add`).", fr: "\(who) : dites quelle phase vous voyez (`entente phase add`).")
        case .talkAboutThePhase:
            return Phrase("You do not see the same phase: talk about it, it changes the strategy.",
                          fr: "Vous ne voyez pas la même phase : parlez-en, cela change la stratégie.")
        case .raiseRisks:
            return Phrase("Talk early about defection, friendship and the value of work: `entente risk add`.",
                          fr: "Parlez tôt des défections, de l'amitié et de la valeur du travail : `entente risk add`.")
        case .ownRisks:
            return Phrase("Give each high risk an owner and a mitigation (`entente risk update --owner --mitigation`).",
                          fr: "Donnez à chaque risque élevé un ou une responsable et une parade (`entente risk update --owner --mitigation`).")
        case .recordContributions:
            return Phrase("Record the work each one provides: `entente contribution add`.", fr: "Enregistrez le travail fourni par chacun : `entente contribution add`.")
        case .agreeValueRule:
            return Phrase("Agree how work turns into shares before money is at stake: `entente value rule`.",
                          fr: "Convenez de la façon dont le travail devient des parts avant que l'argent ne soit en jeu : `entente value rule`.")
        case .settleValueDisagreements:
            return Phrase("Talk about the contributions you value differently (`entente status`).",
                          fr: "Parlez des contributions que vous évaluez différemment (`entente status`).")
        case .keepItUp:
            return Phrase("Nothing to do now: keep it alive at the next meeting.", fr: "Rien à faire maintenant : faites-le vivre à la prochaine réunion.")
        }
    }

    /// "Partenariat de façade ou réelle synergie ?", answered and explained.
    public var verdict: Phrase {
        let weakest = self.health.readings.filter { $0.level != .solid }.map { Self.idea($0.idea) }
        let english = weakest.map(\.english).joined(separator: "; "), french = weakest.map(\.french).joined(separator: " ; ")
        switch self.health.verdict {
        case .synergy:
            return Phrase("A real synergy: most of what a partnership needs is said, agreed and followed\(weakest.isEmpty ? "" : "; still to strengthen: \(english)").",
                          fr: "Une réelle synergie : l'essentiel de ce qu'un partenariat demande est dit, convenu et suivi\(weakest.isEmpty ? "" : " ; reste à renforcer : \(french)").")
        case .building:
            let alarms = self.health.alarms.map(Self.alarm)
            let alarmEnglish = alarms.isEmpty ? "" : " Right now: " + alarms.map(\.english).joined(separator: "; ") + "."
            let alarmFrench = alarms.isEmpty ? "" : " En ce moment : " + alarms.map(\.french).joined(separator: " ; ") + "."
            return Phrase("Not a façade, not yet a synergy: the cooperation is being built. To do: \(english).\(alarmEnglish)",
                          fr: "Ni façade, ni encore synergie : la coopération se construit. À faire : \(french).\(alarmFrench)")
        case .facade:
            let first = weakest.first ?? Self.idea(.expectations)
            return Phrase("For now, a partnership of façade: little is said or agreed between you. Start with the first step: \(first.english.lowercased()).",
                          fr: "Pour l'instant, un partenariat de façade : peu de choses sont dites ou convenues entre vous. Commencez par le premier pas : \(first.french.lowercased()).")
        }
    }

    static func alarm(_ alarm: PartnershipHealth.Alarm) -> Phrase {
        switch alarm {
        case .phaseDisagreement: Phrase("you disagree on the phase", fr: "vous ne voyez pas la même phase")
        case .valueDisagreement: Phrase("you value some work differently", fr: "vous évaluez différemment certains travaux")
        case .blockedDecision: Phrase("a proposal is blocked", fr: "une proposition est bloquée")
        }
    }
}
