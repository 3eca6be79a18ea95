import EntenteCore
import EntenteStore

extension Workspace {
    /// Renews the collective secret when a member who may know it is no longer active
    /// (`Protocol/VISION.md`, "`secret`"): after an archiving, a departure, an import. Returns
    /// what to tell the user, if anything happened; a failure is told, never thrown (the next
    /// sync tries again).
    public func renewSecretIfDue() -> Phrase? {
        do {
            guard try self.replica.rotateSecretIfDue(today: self.today) != nil else { return nil }
            return Phrase("The collective secret was renewed: whoever left or was archived, and any revoked device, cannot open what is exchanged from now on.",
                          fr: "Le secret du collectif a été renouvelé : ni qui est parti ou a été archivé, ni un appareil révoqué, ne pourra ouvrir ce qui s'échange désormais.")
        } catch {
            let reason = (error as? StoreError)?.phrase ?? Phrase("\(error)", fr: "\(error)")
            return Phrase("The collective secret could not be renewed (\(reason.english)); the next sync tries again.",
                          fr: "Le secret du collectif n'a pas pu être renouvelé (\(reason.french)) ; la prochaine synchronisation réessaiera.")
        }
    }
}
