import EntenteCore

/// The words for the model's values (kinds, statuses, phases, zones) in each language.
/// The raw values stay the replicated data; these are only what a person reads.
public enum Vocabulary {
    public static func kind(_ kind: Expectation.Kind) -> Phrase {
        switch kind {
        case .expectation: Phrase("expectation", fr: "attente")
        case .interest: Phrase("interest", fr: "intérêt")
        case .concern: Phrase("concern", fr: "crainte")
        }
    }

    public static func status(_ status: Expectation.Status) -> Phrase {
        switch status {
        case .open: Phrase("open", fr: "ouverte")
        case .discussed: Phrase("discussed", fr: "discutée")
        case .agreed: Phrase("agreed", fr: "convenue")
        }
    }

    public static func status(_ status: Commitment.Status) -> Phrase {
        switch status {
        case .proposed: Phrase("proposed", fr: "proposé")
        case .accepted: Phrase("accepted", fr: "accepté")
        case .done: Phrase("done", fr: "tenu")
        case .dropped: Phrase("dropped", fr: "abandonné")
        case .broken: Phrase("broken", fr: "rompu")
        }
    }

    public static func status(_ status: Risk.Status) -> Phrase {
        switch status {
        case .open: Phrase("open", fr: "ouvert")
        case .mitigated: Phrase("mitigated", fr: "atténué")
        case .closed: Phrase("closed", fr: "clos")
        }
    }

    public static func zone(_ zone: Risk.Zone) -> Phrase {
        switch zone {
        case .defection: Phrase("defection", fr: "défection")
        case .lackOfDistance: Phrase("lack of distance", fr: "manque de distance")
        case .valueOfWork: Phrase("value of work", fr: "valeur du travail")
        case .evaluationOfResults: Phrase("evaluation of results", fr: "évaluation des résultats")
        case .other: Phrase("other", fr: "autre")
        }
    }

    public static func phase(_ phase: PhaseCheckIn.Phase) -> Phrase {
        switch phase {
        case .euphoria: Phrase("euphoria", fr: "euphorie")
        case .crisis: Phrase("crisis", fr: "crise")
        case .performance: Phrase("performance", fr: "performance")
        }
    }
}

extension Vocabulary {
    public static func kind(_ kind: Complementarity.Kind) -> Phrase {
        switch kind {
        case .strength: Phrase("strength", fr: "force")
        case .weakness: Phrase("weakness", fr: "faiblesse")
        case .offer: Phrase("offer", fr: "offre")
        case .need: Phrase("need", fr: "besoin")
        }
    }
}

extension Vocabulary {
    public static func status(_ status: Decision.Status) -> Phrase {
        switch status {
        case .open: Phrase("open", fr: "ouverte")
        case .adopted: Phrase("adopted", fr: "adoptée")
        case .rejected: Phrase("rejected", fr: "rejetée")
        case .withdrawn: Phrase("withdrawn", fr: "retirée")
        }
    }

    public static func position(_ position: Stance.Position) -> Phrase {
        switch position {
        case .agree: Phrase("agree", fr: "d'accord")
        case .abstain: Phrase("abstain", fr: "abstention")
        case .object: Phrase("object", fr: "objection")
        case .block: Phrase("block", fr: "blocage")
        case .withdrawn: Phrase("withdrawn", fr: "retirée")
        }
    }
}

extension Vocabulary {
    public static func exit(_ kind: ExitKind) -> Phrase {
        switch kind {
        case .goodReason: Phrase("leaving with a good reason", fr: "départ pour une bonne raison")
        case .noGoodReason: Phrase("leaving without a good reason", fr: "départ sans bonne raison")
        case .excludedWithCause: Phrase("excluded with cause", fr: "exclusion pour faute")
        case .excludedWithoutCause: Phrase("excluded without cause", fr: "exclusion sans faute")
        }
    }
}

extension Vocabulary {
    public static func type(_ type: ContributionType) -> Phrase {
        switch type {
        case .billable: Phrase("billable", fr: "facturable")
        case .commons: Phrase("commons", fr: "communs")
        case .care: Phrase("care", fr: "soin")
        case .cash: Phrase("cash", fr: "argent")
        }
    }

    public static func status(_ status: Stage.Status) -> Phrase {
        switch status {
        case .planned: Phrase("planned", fr: "prévue")
        case .active: Phrase("active", fr: "en cours")
        case .done: Phrase("done", fr: "terminée")
        }
    }
}
