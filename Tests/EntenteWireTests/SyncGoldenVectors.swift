import Crypto
import EntenteCore
import EntenteWire

/// The golden vectors printed in `Protocol/SYNC.md` section 8 and `Protocol/HANDSHAKE.md` 4.4.
///
/// Inputs: Alice's Ed25519 seed is 32 × `0x01`; her X25519 static private key 32 × `0x65`;
/// the collective id 16 × `0xc0`; Bob's seed 32 × `0x02`.
enum SyncGoldenVectors {
    static let collective = CollectiveID(unchecked: [UInt8](repeating: 0xc0, count: 16))

    static func aliceStatic() throws -> Curve25519.KeyAgreement.PrivateKey {
        try Curve25519.KeyAgreement.PrivateKey(rawRepresentation: [UInt8](repeating: 0x65, count: 32))
    }

    /// Alice's first change: seq 1, no heads, wall clock 1700000000001 ms, creates her member
    /// record and sets its key (naming the record as operation 0).
    static func change() throws -> SignedChange {
        let alice = SyncMessageTests.alice
        let member = RecordID.placeholder(0)
        let change = Change(
            collective: collective, author: alice.author, seq: 1, heads: [],
            timestamp: HybridTimestamp(wallMillis: 1_700_000_000_001, counter: 0),
            message: "", operations: [
                .create(record: member, kind: RecordKind.member),
                .set(record: member, field: "key", value: .bytes(alice.author.bytes)),
            ])
        return try SignedChange(signing: change, with: alice)
    }

    static func varint(_ value: Int) -> [UInt8] {
        var bytes: [UInt8] = []
        var rest = UInt64(value)
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
        return bytes
    }

    static let aliceStaticPublic = "fb41b1fcf75c1227fa08876056a5ed07ac44fe0c116ec2de80b8e523959d7824"
    static let transcriptMessage1 = "00407b4e909bbe7ffe44c465a220037d608ee35897d31ef972f07f74892cb0f73f132eadd4958bb7e1c698b0686378e636bcff18428f0f3f32d9481f4842e8db6592"
    static let transcriptToResponderSHA256 = "05eabb92236d0a7a296d7c66de71d8a921af8604ac8bcc332181ed0b5f049d43"
    static let transcriptToInitiatorSHA256 = "9eb5fa99978c835c3a22b6fdd8d619628bc471ae49e4f8de899815c3e982bd81"
    static let summaryMessage = "08028139770ea87d175fac02bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb8a88e3dd7409f19503aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
    static let signedChange = "454e544303c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c08a88e3dd7409f195fd52db2d3cba5d72ca6709bf1d94121bf3748801b40f6f5c00000000000000010000018bcfe5680100000000000000000000000000020100066d656d62657202000000000000036b657905000000208a88e3dd7409f195fd52db2d3cba5d72ca6709bf1d94121bf3748801b40f6f5cb496947c63c6c092228f39043be24c65351aaae097e9d1785e4cd922b7e274cf4000357417b973dc4297f545403974e04fac76ddad65032c140009ec5587ff01"
    static let identityPayload = "018a88e3dd7409f195fd52db2d3cba5d72ca6709bf1d94121bf3748801b40f6f5c3da1e6ca45c4f67f0d290fa558441140334c30a971eed1d3b9fb5c3c99f8ee4439535d88a2e3c7b28c15e9f23e19909f0f5efca64f1adbbb9ed2bff81c7fc50a"
    static let joinPayload = "02000102030405060708090a0b0c0d0e0f8139770ea87d175f56a35466c34c7ecccb8d8a91b4ee37a25df60f5b8fc9b39445a12a3770472566de5d27648150a88e6e5ab113235201e6239a6940b2b78d8337fb5d957802398f416c56c4e52ddf02460986dd48cc3043300c7725c001340a03426f62"
    static let invitePSK = "c88d526258af92a50ccf6ac954108cc8626b58b689ebd3a60ec9456c7e886d3d"
    static let inviteToken = "87af34d28588f531506e4b0c1f051270"
    static let inviteText = "entente1:alambqgaydambqgaydambqgaydaf4xs6lzpf4xs6lzpf4xs6lzpf4xs6lzpf4xs6lzpf4xs6lzpf4xqaaaaaa22j2iabz7ajgeyc4nzxfyyc4mjtv4uei"
}
