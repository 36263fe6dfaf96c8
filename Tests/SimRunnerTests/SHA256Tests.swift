import Testing
@testable import SimRunner

@Suite("SHA-256")
struct SHA256Tests {
    @Test("empty input gives the FIPS 180-4 digest")
    func empty() {
        #expect(SHA256.hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test("\"abc\" gives the FIPS 180-4 digest")
    func abc() {
        #expect(SHA256.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test("the 448-bit two-block message gives the FIPS 180-4 digest")
    func twoBlocks() {
        #expect(SHA256.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
            == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test("one million 'a' gives the FIPS 180-4 digest")
    func millionA() {
        let bytes = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
        #expect(SHA256.hex(bytes) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test("strings are hashed as UTF-8")
    func utf8() {
        #expect(SHA256.hex("héllo wörld ✓") == "c2a59c71097b678dc5af2eb1f98ddc575b63948b0fa6740071a945673aaada4d")
    }

    @Test("lengths around the padding boundary hash correctly", arguments: [
        (55, "463eb28e72f82e0a96c0a4cc53690c571281131f672aa229e0d45ae59b598b59"),
        (56, "da2ae4d6b36748f2a318f23e7ab1dfdf45acdc9d049bd80e59de82a60895f562"),
        (63, "29af2686fd53374a36b0846694cc342177e428d1647515f078784d69cdb9e488"),
        (64, "fdeab9acf3710362bd2658cdc9a29e8f9c757fcf9811603a8c447cd1d9151108"),
        (65, "4bfd2c8b6f1eec7a2afeb48b934ee4b2694182027e6d0fc075074f2fabb31781"),
        (127, "92ca0fa6651ee2f97b884b7246a562fa71250fedefe5ebf270d31c546bfea976"),
        (128, "471fb943aa23c511f6f72f8d1652d9c880cfa392ad80503120547703e56a2be5"),
    ])
    func paddingBoundaries(length: Int, expected: String) {
        let bytes = (0..<length).map { UInt8($0 % 251) }
        #expect(SHA256.hex(bytes) == expected)
    }

    @Test("feeding bytes in uneven chunks gives the same digest as one call")
    func incremental() {
        let bytes = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        for chunkSize in [1, 3, 63, 64, 65, 200] {
            var hasher = SHA256()
            var start = 0
            while start < bytes.count {
                let end = min(start + chunkSize, bytes.count)
                hasher.update(Array(bytes[start..<end]))
                start = end
            }
            #expect(hasher.finalize() == SHA256.digest(bytes), "chunk size \(chunkSize)")
        }
    }

    @Test("finalize leaves the hasher usable for more input")
    func finalizeDoesNotConsume() {
        var hasher = SHA256()
        hasher.update("ab")
        #expect(SHA256.hexString(hasher.finalize()) == SHA256.hex("ab"))
        hasher.update("c")
        #expect(SHA256.hexString(hasher.finalize()) == SHA256.hex("abc"))
    }
}
