import EntenteActions
import Mustache
import EntenteCore
import EntenteStore
import Foundation

/// What every view of one request reads: the replica's records as of now, who is looking,
/// in which language, and the form tokens.
struct BoardData {
    let workspace: Workspace
    let vision: Vision
    let me: Member?
    let today: String
    let t: Translator
    let csrf: String
    let page: Page
    /// The names members had: an act is told under its author's name at the time.
    let names: NameHistory

    init(replica: Replica, language: Language, csrf: String, page: Page, today: String = Dates.today()) throws {
        self.workspace = try Workspace(replica, today: today)
        self.vision = self.workspace.vision
        self.me = self.workspace.directory.member(for: replica.author)
        self.today = today
        self.t = Translator(language: language)
        self.csrf = csrf
        self.page = page
        self.names = try replica.nameHistory()
    }

    func name(_ id: RecordID?) -> String { self.vision.name(id) }

    /// At most ``BoardLimits/excerptCharacters`` of `text`, then "…".
    static func excerpt(_ text: String) -> String { Excerpt.of(text, characters: BoardLimits.excerptCharacters) }

    func names(_ ids: [RecordID], empty: String) -> String {
        ids.isEmpty ? empty : ids.map { self.vision.name($0) }.joined(separator: ", ")
    }

    var words: ChangeWords { ChangeWords(records: self.vision.records, directory: self.workspace.directory, names: self.names) }

    /// Who signed an act: the name at the time and the key's short fingerprint.
    func signer(_ author: AuthorKey, at time: HybridTimestamp) -> String {
        self.workspace.directory.label(of: author, at: time, names: self.names)
    }

    /// The active members, for the choices of a form.
    var memberChoices: [Choice] {
        self.vision.activeMembers.map { Choice(value: $0.id.hex, label: $0.name) }
    }

    var stageChoices: [Choice] {
        [Choice(value: "", label: self.t("(none)", "(aucune)"))] + self.vision.stages.map { Choice(value: $0.id.hex, label: $0.title) }
    }
}

/// One option of a `<select>`.
struct Choice: Sendable {
    var value: String
    var label: String
    var selected = false
}

extension Choice: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "value": self.value
        case "label": self.label
        case "selected": self.selected
        default: nil
        }
    }
}
