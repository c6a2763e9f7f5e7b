import Foundation
import Testing
@testable import SiteGenKit
@testable import SiteGenResults
@testable import SiteGenCore
@testable import SiteGenProcess
@testable import SiteGenMeasure
@testable import SiteGenRender
@testable import SiteGenContent
@testable import SiteGenDirectives

@Suite("SHA-256")
struct ResultsSHA256Tests {
    @Test func matchesTheFIPSVectors() {
        #expect(SHA256.hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test func handlesPaddingAtBlockBoundaries() {
        // 55 bytes fit one block with the length; 56 need a second; 64 fill one exactly.
        #expect(SHA256.hex(String(repeating: "a", count: 55)) == "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318")
        #expect(SHA256.hex(String(repeating: "a", count: 56)) == "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a")
        #expect(SHA256.hex(String(repeating: "a", count: 64)) == "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb")
    }

    @Test func givesTheSameDigestWhenFedInPieces() {
        let bytes = Array((0..<4).flatMap { _ in (0...255).map { UInt8($0) } })
        #expect(SHA256.hex(bytes) == "785b0751fc2c53dc14a4ce3d800e69ef9ce1009eb327ccf458afe09c242c26c9")
        var hasher = SHA256()
        hasher.update(bytes[0..<3])
        hasher.update(bytes[3..<700])
        hasher.update(bytes[700...])
        #expect(hasher.finalizeHex() == "785b0751fc2c53dc14a4ce3d800e69ef9ce1009eb327ccf458afe09c242c26c9")
    }

    @Test func givesTheSameDigestForEveryKindOfByteSequence() {
        // Contiguous bytes are hashed from memory, other sequences through a copy; Data by its own path.
        let bytes = Array((0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        let expected = SHA256.hex(bytes)
        var pieces = SHA256()
        pieces.update(bytes[0..<10].lazy.map { $0 })
        pieces.update(Data(bytes[10..<130]))
        pieces.update(bytes[130...].reversed().reversed())
        #expect(pieces.finalizeHex() == expected)
        var data = SHA256()
        data.update(Data(bytes))
        #expect(data.finalizeHex() == expected)
    }
}
