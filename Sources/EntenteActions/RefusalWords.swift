import EntenteCore

extension OperationRefusal {
    /// ``explanation`` in French: what the rule means, without names.
    public var frenchExplanation: String {
        let what = [self.kind, self.field].compactMap { $0 }.joined(separator: " ")
        switch self.rule {
        case .notAMember: return "cette clé n'est pas admise dans le collectif ; demandez à un membre de vous inviter (`entente invite`)"
        case .removed: return "ce membre a été archivé par le collectif ; demandez aux autres de vous rétablir (`entente member restore`)"
        case .revoked: return "cet appareil a été révoqué (perdu ou volé) : il ne parle plus au nom de personne ; utilisez un autre de vos appareils, ou demandez à un membre de vous inviter à nouveau (`entente invite --for VOTRE-NOM`)"
        case .founding: return "un collectif se fonde une seule fois, avec `entente init --collective`"
        case .unknownRecord: return "la fiche \(self.record.short) est inconnue de ce réplica ; synchronisez d'abord"
        case .fixed: return "\(what) est fixé à la création de la fiche et ne peut plus changer"
        case .personal: return "\(what) est un acte personnel : seul ce membre peut l'enregistrer, sur son réplica"
        case .ownElement: return "chaque membre n'enregistre que sa propre position"
        case .notOwed: return "seuls les membres envers qui un engagement a été pris peuvent l'accepter, et pas son auteur"
        case .consentRequired: return "archiver ou rétablir un membre demande l'accord d'une majorité : utilisez `entente member archive` ou `restore`"
        case .badDevice: return "cet appareil ne peut pas être admis : sa clé est déjà prise, son membre est archivé, ou seul ce membre peut le relier"
        case .badMotion: return "cette proposition enfreint les règles (on ne s'archive ni ne se rétablit soi-même ; on archive un membre actif, on rétablit un membre archivé ; on révoque un appareil du membre qui ne l'est pas encore)"
        case .badConsent: return "cet accord ne compte pas : la proposition est inconnue ou le membre n'en est pas votant"
        case .badStance: return "cette position ne compte pas : une position est celle de son membre, sur une décision connue (d'accord, abstention, objection, blocage ou retirée), et une objection ou un blocage dit pourquoi"
        case .tooLong: return "\(what.isEmpty ? "un texte" : what) fait au plus \(VisionLimits.maximumBytes(kind: self.kind, field: self.field ?? "")) octets : raccourcissez-le"
        }
    }
}
