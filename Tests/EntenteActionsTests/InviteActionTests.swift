import EntenteActions
import EntenteCore
import EntenteStore
import EntenteSync
import EntenteTestSupport
import EntenteWire
import Foundation
import Testing

/// Invites as actions: who may be invited, where the code leads, and revoking one.
@Suite struct InviteActionTests {
    @Test func aCodeLeadsToTheGivenAddressAndExpiresWhenAsked() throws {
        let trio = try PermissionTests.Trio()
        defer { trio.directory.remove() }
        let before = UInt64(Date().timeIntervalSince1970)
        let invite = try Workspace(trio.alice).invite(for: nil, lifetime: 7200, address: "192.168.1.20:7500")
        #expect(invite.host == "192.168.1.20" && invite.port == 7500)
        #expect(invite.expires >= before + 7200 && invite.expires <= before + 7202)
        #expect(!invite.isServed)  // no `entente serve` runs on this replica
        let parsed = try InviteCode(text: invite.code.text)
        #expect(parsed.collective == trio.alice.collective && parsed.host == "192.168.1.20" && parsed.port == 7500)
        let issued = try InviteStore(folder: trio.alice.folder).list()
        #expect(issued.count == 1 && issued.first?.member == nil)
    }

    @Test func onlyAMemberWithoutADeviceIsInvitedByName() throws {
        let trio = try PermissionTests.Trio()
        defer { trio.directory.remove() }
        #expect { try Workspace(trio.alice).invite(for: "Bob", lifetime: 60, address: "127.0.0.1") } throws: { error in
            (error as? ActionError)?.phrase.english.hasPrefix("Bob already has a device; to add another one") == true
        }
        let added = try Workspace(trio.alice).addMember("Chloé Martin")
        let chloe = try #require(added.created)
        _ = try Workspace(trio.alice).invite(for: "chloe martin", lifetime: 60, address: "127.0.0.1")
        #expect(try InviteStore(folder: trio.alice.folder).list().first?.member == chloe.hex)
        // A replica that is no member's cannot invite.
        let stranger = try Replica.create(ReplicaFolder(trio.directory.url.appendingPathComponent("stranger")),
                                          collective: trio.alice.collective, secret: try trio.alice.secretChain().current)
        #expect(throws: ActionError.self) { try Workspace(stranger).invite(for: nil, lifetime: 60, address: "127.0.0.1") }
    }

    @Test func aRevokedInviteIsSaidSoAndAnUnknownOneIsAClearError() throws {
        let trio = try PermissionTests.Trio()
        defer { trio.directory.remove() }
        _ = try Workspace(trio.alice).invite(for: nil, lifetime: 60, address: "127.0.0.1")
        let id = try #require(try InviteStore(folder: trio.alice.folder).list().first?.id)
        let said = try Workspace(trio.alice).revokeInvite(id)
        #expect(said.english == "Revoked invite \(id): its code no longer opens a session.")
        #expect(said.french == "Invitation \(id) révoquée : son code n'ouvre plus de session.")
        #expect(try InviteStore(folder: trio.alice.folder).list().first?.revokedAt != nil)
        #expect(throws: ActionError.self) { try Workspace(trio.alice).revokeInvite("ffff0000") }
    }
}
