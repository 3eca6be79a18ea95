import EntenteActions
import Testing

/// Dates typed the way the tool shows them, in either language.
@Suite struct DateInputTests {
    @Test(arguments: [
        ("2027-01-15", "2027-01-15"), ("15/01/2027", "2027-01-15"), ("5/1/2027", "2027-01-05"), ("15.01.2027", "2027-01-15"),
        ("15 janv. 2027", "2027-01-15"), ("15 janvier 2027", "2027-01-15"), ("1er mars 2027", "2027-03-01"), ("3 déc. 2026", "2026-12-03"),
        ("3 DEC 2026", "2026-12-03"), ("29 févr. 2028", "2028-02-29"), ("14 juil. 2027", "2027-07-14"), ("2 juin 2027", "2027-06-02"),
        ("15 Jan 2027", "2027-01-15"), ("15 January 2027", "2027-01-15"), ("Jan 15, 2027", "2027-01-15"), ("August 1st 2027", "2027-08-01"),
        ("1 août 2027", "2027-08-01"), ("  2027-01-15 ", "2027-01-15"),
    ])
    func acceptedAndKeptAsISO(_ typed: String, _ iso: String) throws {
        #expect(try Dates.validate(typed, option: "--due") == iso)
    }

    @Test(arguments: [
        "2026-02-30", "2027-13-01", "30/02/2027", "31/04/2027", "15/13/2027", "29 févr. 2027", "15 jui 2027", "15 ja 2027",
        "15/01/27", "2027/01/15", "", "demain", "15 janvier", "32 janv. 2027", "0/1/2027", "2027-1-5", "15 janv. 2027 extra",
        "99999-01-01", "15th/01/2027",
    ])
    func refusedWithAnExample(_ typed: String) {
        do {
            _ = try Dates.validate(typed, option: "--due")
            Issue.record("'\(typed)' was accepted")
        } catch let error as ActionError {
            #expect(error.phrase.english.contains("use YYYY-MM-DD, for example 2026-12-31"))
            #expect(error.phrase.french.contains("écrivez JJ/MM/AAAA, par exemple 31/12/2026"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
