import ArgumentParser
import EntenteActions

extension EntenteCommand {
    struct ArchiveCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "archive",
            abstract: tr("Archive any record by id prefix or name (nothing is deleted; `entente restore` brings it back).",
                         "Archiver n'importe quelle fiche par début d'identifiant ou par nom (rien n'est effacé ; `entente restore` la fait revenir)."),
            discussion: helpText("""
                Archiving a record again after someone edited it at the same time keeps it
                archived with their edit seen (see `entente conflicts`).
                Example:
                  entente archive 3fa2c1
                """, """
                Archiver à nouveau une fiche que quelqu'un modifiait au même moment la garde
                archivée, en tenant compte de sa modification (voir `entente conflicts`).
                Exemple :
                  entente archive 3fa2c1
                """))
        @Argument(help: ArgumentHelp(tr("The record: an id prefix (4+ hex digits) or its exact name.",
                                        "La fiche : un début d'identifiant (4 chiffres hexadécimaux ou plus) ou son nom exact."))) var record: String
        @OptionGroup var options: WriteOptions

        func run() throws {
            let workspace = try self.options.workspace()
            print(try workspace.archiveRecord(self.record).summary.shown)
        }
    }

    struct RestoreCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "restore",
            abstract: tr("Bring an archived record back, with every edit made to it meanwhile.",
                         "Faire revenir une fiche archivée, avec toutes les modifications faites entre-temps."),
            discussion: helpText("""
                Example:
                  entente restore 3fa2c1
                Members come back by the others' consent: `entente member restore NAME`.
                """, """
                Exemple :
                  entente restore 3fa2c1
                Un membre revient avec l'accord des autres : `entente member restore NAME`.
                """))
        @Argument(help: ArgumentHelp(tr("The record: an id prefix (4+ hex digits) or its exact name.",
                                        "La fiche : un début d'identifiant (4 chiffres hexadécimaux ou plus) ou son nom exact."))) var record: String
        @OptionGroup var options: WriteOptions

        func run() throws {
            let workspace = try self.options.workspace()
            print(try workspace.restoreRecord(self.record).summary.shown)
        }
    }
}
