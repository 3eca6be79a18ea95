import EntenteForm
import Testing

/// The form decoder: what browsers send, and what they never send, without trapping.
@Suite struct FormBodyTests {
    func decode(_ text: String) throws -> FormBody { try FormBody(decoding: Array(text.utf8)) }

    @Test func readsWhatBrowsersSend() throws {
        let form = try self.decode("csrf=ab12&what=Book+the+room+%26+the+caf%C3%A9&towards=Bob&towards=Chlo%C3%A9&empty=&flag")
        #expect(form["what"] == "Book the room & the café")
        #expect(form.all("towards") == ["Bob", "Chloé"])
        #expect(form["empty"] == "")
        #expect(form["flag"] == "")
        #expect(form["absent"] == nil)
        #expect(form.fields.count == 6)
        // A literal plus is sent as %2B; `+` is a space; `=` inside a value stays.
        #expect(try self.decode("a=1%2B1+%3D+2=x")["a"] == "1+1 = 2=x")
        // Empty pieces are skipped, an empty body has no field.
        #expect(try self.decode("&&a=1&&").fields == [.init(name: "a", value: "1")])
        #expect(try self.decode("").fields.isEmpty)
    }

    @Test func malformedBodiesAreErrorsNotTraps() {
        for text in ["%", "%z", "%zz", "a=%", "a=%4", "a=%g0", "%=b", "a=%e9", "a=%C3%28", "a=%ff"] {
            #expect(throws: FormBodyError.self, "\(text)") { try self.decode(text) }
        }
        for bytes: [UInt8] in [[0xff], [0x61, 0x3d, 0xc3, 0xa9], [0x61, 0x3d, 0x80]] {
            #expect(throws: FormBodyError.self, "\(bytes)") { try FormBody(decoding: bytes) }
        }
        // What a browser never sends but is harmless is read as is.
        #expect((try? self.decode(" "))?[" "] == "")
        #expect((try? self.decode("#"))?["#"] == "")
    }

    @Test func theExcerptInAnErrorIsPrintableAndShort() {
        #expect(throws: FormBodyError.badEncoding(excerpt: "%zz?<b>")) { try FormBody(decoding: Array("%zz\n<b>".utf8)) }
        let long = Array(("%" + String(repeating: "q", count: 100)).utf8)
        #expect(throws: FormBodyError.badEncoding(excerpt: "%" + String(repeating: "q", count: 23))) { try FormBody(decoding: long) }
    }

    @Test func fieldsAreLimitedOnBothSides() throws {
        let atLimit = Array(repeating: "a=1", count: FormBody.maximumFields).joined(separator: "&")
        #expect(try self.decode(atLimit).fields.count == FormBody.maximumFields)
        #expect(throws: FormBodyError.tooManyFields(limit: FormBody.maximumFields)) { try self.decode(atLimit + "&a=1") }
    }
}
