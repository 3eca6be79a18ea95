import EntenteActions
import EntenteCore
import EntenteStore

/// The newest changes told in words, and one record's history: what each change did, told
/// from its operations in the reader's language, then the note its author typed, if any (a
/// change's stored message is only that note).
struct LogView {
    struct Line {
        var when: String
        var text: String
        /// The author's note, `nil` for none (not named `note`: a missing value is looked up
        /// in the enclosing view, whose `note` is the page's hint).
        var authorsNote: String?
        var change: String
        /// Who signed it: the name at the time and the key's short fingerprint.
        var signer: String
    }

    var heading: String
    var note: String
    var lines: [Line]
    var empty: String?

    static let template = """
        <section class="log">
        <h2>{{heading}}</h2>
        <p class="hint">{{note}}</p>
        {{#empty}}<p class="empty">{{empty}}</p>{{/empty}}
        <ol class="lines">{{#lines}}<li><time>{{when}}</time> <span class="text">{{text}}</span>{{#authorsNote}} — <q class="note">{{authorsNote}}</q>{{/authorsNote}} <small class="change">{{change}} · <span class="signer">{{signer}}</span></small></li>{{/lines}}</ol>
        </section>
        """

    init(_ data: BoardData, changes: [SignedChange], total: Int) {
        let t = data.t, words = data.words
        self.heading = t("Who did what", "Qui a fait quoi")
        self.note = t("The newest \(changes.count) of \(total) changes, each signed by its author (`entente log` shows them all, `entente audit` checks them).",
                      "Les \(changes.count) plus récents des \(total) changements, chacun signé par son auteur (`entente log` les montre tous, `entente audit` les vérifie).")
        self.lines = changes.reversed().map { change in
            Line(when: Self.when(change.change.timestamp, t), text: t(words.change(change)), authorsNote: Self.note(change.change.message), change: change.id.short,
                 signer: data.signer(change.author, at: change.change.timestamp))
        }
        self.empty = changes.isEmpty ? t("No change yet.", "Aucun changement pour l'instant.") : nil
    }

    init(_ data: BoardData, history entries: [HistoryEntry], record: RecordState) {
        let t = data.t, words = data.words
        let label = words.quotedLabel(record.id)
        self.heading = t(Phrase("History of \(label.english)", fr: "Historique de \(label.french)"))
        self.note = t("Every change to this record, oldest first, with who signed it.", "Chaque changement de cette fiche, du plus ancien au plus récent, avec qui l'a signé.")
        self.lines = entries.map { entry in
            let author = data.workspace.directory.name(of: entry.author, at: entry.timestamp, names: data.names)
            return Line(when: Self.when(entry.timestamp, t), text: t(words.operation(entry.operation, author: author)), authorsNote: Self.note(entry.message), change: entry.change.short,
                        signer: data.signer(entry.author, at: entry.timestamp))
        }
        self.empty = entries.isEmpty ? t("No change yet.", "Aucun changement pour l'instant.") : nil
    }

    /// `/record/ID` for an id that names no record.
    init(notFound id: String, _ data: BoardData) {
        let t = data.t
        self.heading = t("No such record", "Fiche introuvable")
        self.note = t("Nothing in this replica has the id \(id): it may not have reached it yet (sync), or the link is wrong.",
                      "Rien dans ce réplica n'a l'identifiant \(id) : il n'est peut-être pas encore arrivé (synchronisez), ou le lien est faux.")
        self.lines = []
        self.empty = nil
    }

    static func note(_ message: String) -> String? { message.isEmpty ? nil : message }

    static func when(_ timestamp: HybridTimestamp, _ t: Translator) -> String {
        // Local time, the zone named, as the command line shows it.
        var clock = Formatting.LocalClock()
        let parts = clock.parts(timestamp)
        return "\(t.date(parts.date)) \(parts.time) \(parts.zone)"
    }
}
