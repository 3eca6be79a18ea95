import EntenteActions

/// The board's pages, in the order of its navigation.
enum Page: String, CaseIterable, Sendable {
    case status = ""
    case vision
    case expectations
    case complementarities
    case stages
    case phases
    case commitments
    case risks
    case contributions
    case decisions
    case members
    case log

    var path: String { "/" + self.rawValue }

    func title(_ t: Translator) -> String {
        switch self {
        case .status: t("What needs attention", "Ce qui demande attention")
        case .vision: t("Vision", "Vision")
        case .expectations: t("Expectations", "Attentes")
        case .complementarities: t("Complementarities", "Complémentarités")
        case .stages: t("Stages", "Étapes")
        case .phases: t("Phases", "Phases")
        case .commitments: t("Commitments", "Engagements")
        case .risks: t("Risks", "Risques")
        case .contributions: t("Contributions", "Contributions")
        case .decisions: t("Decisions", "Décisions")
        case .members: t("Members and devices", "Membres et appareils")
        case .log: t("Log", "Journal")
        }
    }

    /// The shorter name in the navigation bar.
    func tab(_ t: Translator) -> String {
        switch self {
        case .status: t("Now", "Maintenant")
        case .members: t("Members", "Membres")
        default: self.title(t)
        }
    }
}
