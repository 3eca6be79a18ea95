import EntenteCore
import EntenteStore

extension StoreError {
    /// The error in each language: the English is ``description``; what comes from the system
    /// or SQLite (a reason, a detail) stays as it was given.
    public var phrase: Phrase {
        let french: String
        switch self {
        case .replicaMissing(let path):
            french = "aucun réplica dans \(path). Créez-en un avec `entente init --collective NOM --name MOI`, ou indiquez-le avec --replica DOSSIER ou ENTENTE_HOME"
        case .replicaExists(let path):
            french = "un réplica existe déjà dans \(path) ; choisissez un autre dossier avec --replica DOSSIER"
        case .keyMissing(let path):
            french = "le fichier de clé du réplica \(path) manque ; restaurez-le depuis une sauvegarde (sans lui cet appareil ne peut pas signer de changements)"
        case .insecurePermissions(let path, let mode):
            french = "\(path) est lisible par d'autres (mode \(String(mode, radix: 8))) ; lancez `chmod 600 \(path)` et réessayez"
        case .malformedKey(let path):
            french = "le fichier de clé \(path) est abîmé (mauvaise longueur) ; restaurez-le depuis une sauvegarde"
        case .notAReplica(let path, let reason):
            french = "\(path) n'est pas un réplica Entente utilisable : \(reason)"
        case .foreignCollective(let expected, let found):
            french = "ces changements appartiennent à un autre collectif (\(found.short)), pas à celui de ce réplica (\(expected.short)) ; rien n'a été importé"
        case .invalidChange(let error):
            french = "\(error) ; rien n'a été importé"
        case .unreadable(let path, let reason):
            french = "impossible de lire \(path) : \(reason)"
        case .unwritable(let path, let reason):
            french = "impossible d'écrire \(path) : \(reason)"
        case .database(let reason):
            french = "la base de données du réplica a échoué : \(reason)"
        case .readOnly(let path):
            french = "le dossier du réplica \(path) est en lecture seule pour vous (SQLite doit écrire à côté de la base même pour la lire) ; lancez `chmod u+w \(path)` (et sur son replica.sqlite), ou copiez le dossier dans un endroit accessible en écriture"
        case .damaged(let path, let detail):
            french = "le fichier du réplica\(path.isEmpty ? "" : " " + path) est abîmé (\(detail)) ; rien n'a été signé. Lancez `entente repair` pour le reconstruire à partir de ses changements vérifiés, puis `entente sync` pour récupérer auprès des autres ce qui manquerait"
        case .busy(let path, let repairing):
            french = repairing
                ? "occupé : `entente repair` est en cours sur le réplica de \(path) ; attendez qu'il se termine, puis réessayez"
                : "occupé : le réplica de \(path) est ouvert dans un autre entente (`serve`, `board`, `meet` ou une commande) ; arrêtez-le, puis relancez `entente repair`"
        case .diskFull:
            french = "le disque qui contient ce réplica est plein ; rien n'est perdu ni à moitié écrit : libérez de la place, puis relancez la même commande"
        case .oldFormat(let path, let found):
            if let found, found > StoreError.replicaFormat {
                french = "le réplica de \(path) a été créé par une version plus récente d'Entente (format \(found), cette version lit le format \(StoreError.replicaFormat)) ; mettez Entente à jour pour l'ouvrir"
            } else if found == StoreError.repairableFormat {
                french = "le réplica de \(path) a été créé par une version antérieure d'Entente (format \(StoreError.repairableFormat), cette version lit le format \(StoreError.replicaFormat)) ; ses changements peuvent être lus : lancez `entente repair` pour le reconstruire dans ce format à partir d'eux (l'ancien fichier est gardé à côté)"
            } else {
                french = "le réplica de \(path) a été créé par une version antérieure d'Entente (format \(found.map(String.init) ?? "1"), cette version lit le format \(StoreError.replicaFormat)) ; ses changements ne peuvent pas être lus. Créez un nouveau réplica (`entente init`, ou `entente join` avec une invitation) et mettez celui-ci de côté"
            }
        }
        return Phrase(self.description, fr: french)
    }
}

extension MergeError {
    /// What went wrong merging changes, in the reader's language.
    public var phrase: Phrase {
        let french: String
        switch self {
        case .tooManyPending(let limit):
            french = "plus de \(limit) changements attendraient des changements que ce réplica n'a pas ; synchronisez d'abord avec un membre qui a tout l'historique"
        case .pendingTooLarge(let limit):
            french = "plus de \(limit / (1024 * 1024)) Mio de changements attendraient des changements que ce réplica n'a pas ; synchronisez d'abord avec un membre qui a tout l'historique"
        case .missingHead(let id):
            french = "le réplica a perdu la trace du changement \(id.short) ; lancez `entente audit --rebuild`"
        }
        return Phrase(self.description, fr: french)
    }
}
