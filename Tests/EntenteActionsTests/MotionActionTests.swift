import EntenteActions
import EntenteCore
import EntenteStore
import EntenteTestSupport
import Foundation
import Testing

/// Archiving, restoring a member and revoking a device, as actions the command line and the
/// board both call: who may, how far a motion is, and the words of each step in both languages.
@Suite struct MotionActionTests {
    @Test func archivingTakesTheOthersMajorityAndRenewsTheSecret() throws {
        let trio = try PermissionTests.Trio()
        defer { trio.directory.remove() }
        #expect(throws: ActionError.self) { try Workspace(trio.alice).vote(.archive, on: "Alice") }
        #expect(throws: ActionError.self) { try Workspace(trio.alice).vote(.restore, on: "Carol") }
        #expect(throws: ActionError.self) { try Workspace(trio.alice).vote(.revoke, on: "Carol") }
        let proposed = try Workspace(trio.alice).vote(.archive, on: "carol")
        #expect(proposed.change != nil)
        #expect(proposed.summary.english == "You consented to archiving Carol; 1 of 2 consents needed so far; waiting for Bob (each runs `entente member archive Carol` on their replica).")
        #expect(proposed.summary.french.hasPrefix("Vous avez consenti à archiver Carol ; 1 consentement sur les 2 nécessaires"))
        #expect(throws: ActionError.self) { try Workspace(trio.alice).vote(.archive, on: "Carol") }  // already consented
        try trio.bob.merge(from: trio.alice.folder.url)
        let carried = try Workspace(trio.bob).vote(.archive, on: "Carol")
        let lines = carried.summary.english.split(separator: "\n")
        #expect(lines.first == "Carol is archived: a majority of the other members consented.")
        #expect(lines.count == 2 && lines[1].hasPrefix("The collective secret was renewed"), "\(carried.summary.english)")
        #expect(try Workspace(trio.bob).directory.members.first { $0.name == "Carol" }?.isArchived == true)
    }

    @Test func revokingAnotherMembersDeviceSaysWhoIsAwaited() throws {
        let trio = try PermissionTests.Trio()
        defer { trio.directory.remove() }
        let proposed = try Workspace(trio.alice).revokeDevice("Carol")
        #expect(proposed.summary.english.contains("1 of 2 consents needed so far; waiting for Bob (each runs `entente device revoke "), "\(proposed.summary.english)")
        try trio.bob.merge(from: trio.alice.folder.url)
        let carried = try Workspace(trio.bob).revokeDevice("carol")
        #expect(carried.summary.english.hasPrefix("Revoked Carol's device "), "\(carried.summary.english)")
        #expect(carried.summary.english.contains("A majority of the other members consented."))
        #expect(throws: ActionError.self) { try Workspace(trio.bob).revokeDevice("Carol") }  // no live device left
    }
}
