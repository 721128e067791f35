import XCTest
#if canImport(FoundationEssentials)
import FoundationEssentials
#endif
#if canImport(MitsuSSH)
import MitsuSSH
#else
import MitsuSSHCrypto
#endif

/// chacha20-poly1305@openssh.com packet protection: fixed vectors from two independent Python
/// implementations, round trips, and the refusal of every tampered, truncated or misnumbered packet.
final class ChaChaPolyOpenSSHTests: XCTestCase {
    /// The two 64-byte keys the vectors use: 00 01 … 3f, and SHA-512("mitsu chacha20-poly1305@openssh.com").
    static let keys: [[UInt8]] = [
        (0..<64).map { UInt8($0) },
        CryptoHex.bytes("""
            93ac3a87801633dab2b4a7829119b8fd93853e1e6db44b2e6695703393e646c7
            9a5926f24af6dff018b0d88f1c03c401b6b9125d86a349453a97dc0a00d98584
            """),
    ]

    /// Body i of a vector: byte i = (7·i + 3) mod 256, `bodyLength` bytes.
    static func body(_ length: Int) -> [UInt8] {
        (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) }
    }

    /// Whole sealed packets (encrypted length ‖ encrypted body ‖ tag).
    ///
    /// Produced once by this reference, written from PROTOCOL.chacha20poly1305 on `cryptography` 48 alone,
    /// and checked equal, for every vector, to AsyncSSH 2.24.1's independent `ChachaCipher` (the code AsyncSSH
    /// uses against OpenSSH):
    ///
    ///     from cryptography.hazmat.primitives.ciphers import Cipher, algorithms
    ///     from cryptography.hazmat.primitives.poly1305 import Poly1305
    ///
    ///     def chacha20(key, counter, seq, data):
    ///         # 16-byte nonce = original ChaCha layout: 64-bit LE block counter, 64-bit nonce (BE seqnr)
    ///         nonce = counter.to_bytes(8, "little") + seq.to_bytes(8, "big")
    ///         return Cipher(algorithms.ChaCha20(key, nonce), mode=None).encryptor().update(data)
    ///
    ///     def seal(key64, seq, body):
    ///         k2, k1 = key64[:32], key64[32:]      # K_2 main (first half), K_1 header (second half)
    ///         enc_len = chacha20(k1, 0, seq, len(body).to_bytes(4, "big"))
    ///         enc_body = chacha20(k2, 1, seq, body)
    ///         poly_key = chacha20(k2, 0, seq, bytes(32))
    ///         return enc_len + enc_body + Poly1305.generate_tag(poly_key, enc_len + enc_body)
    ///
    ///     keys = [bytes(range(64)), hashlib.sha512(b"mitsu chacha20-poly1305@openssh.com").digest()]
    ///     body = lambda n: bytes((i * 7 + 3) & 0xff for i in range(n))
    ///     # one vector per line below: seal(keys[key], sequenceNumber, body(bodyLength)).hex()
    static let vectors: [(key: Int, sequenceNumber: UInt32, bodyLength: Int, packet: String)] = [
        (key: 0, sequenceNumber: 0x00000000, bodyLength: 0, packet: "94450e5992f94ca2da7b35916a690374c68b6e32"),
        (key: 0, sequenceNumber: 0x00000001, bodyLength: 12, packet: """
            c922a7a96a566dc12e2c954e1633377fd43790ada3149d841c2721319335d5d8
            """),
        (key: 0, sequenceNumber: 0x00000007, bodyLength: 28, packet: """
            a39afcb62b4c045b51a5076a572ff2a080d1b64047c8b1bef175a027ebd8a21f6d81b9d960a050f423575da228a1b217
            """),
        (key: 0, sequenceNumber: 0x12345678, bodyLength: 64, packet: """
            3b098bcca98a684f80675e662b30c363c339a947829c6cc37ff74151654d9691659f54036974c2ca7069b1eb67df4aee
            c05a22ecf831c8648eccbe6abe4d025c93ce8985e52faa2cc06eb0f6e16dd2aef4662ce6
            """),
        (key: 0, sequenceNumber: 0xFFFFFFFF, bodyLength: 255, packet: """
            b90ee44f0a981d83b122f9d6ad74e2e225d867c265c0b89e40b946dcf9965f80e929c3e723b02875045340acf9620bc2
            2121b4d4d18b3cfa0d3142d8989d26cbc2f0ed0698da77c87cb84c7a20e61518ba7936368c288a63a93a49c5b0fe5e08
            69cb943498a91e1441026ee22ba8a09013e84a0769a7bc26e15035bf91d8527413f12400c17fa638b0afc253990db56b
            caeda2eee4072088ecf2122572bae48a3bc12e122a6fba82fd1604716139b9d2663e6d79a2beb5328f3ca8c3baf76b71
            e55c6a27639673661d28e08fe65dca1269828a2e59ee1f19b24c25bb668cf4f06c58b4c3ef9e28b3daf8275c57ac1da7
            25bef2afa137424add2128b01e9e1e2b997d93920d3321fb2fd73dd62a970501966cf6
            """),
        (key: 0, sequenceNumber: 0x00000003, bodyLength: 1000, packet: """
            fb1a9162834f0da32d6c8945b30db55aecb9f32f14a6cd4f4f4bc2e3a0b8bfa8667b541e9a374adcfc6502fb944fd9da
            ea03eda2245a2a6dc7c15023da6a4b7211e90429f6b824ce37a60887571ef2940a1168d0b32a6c95a7ba378af72ccea2
            89b7a17c9439cd3b25c66b6398f11466df7738d1719563cca64ef4271e0d8a2faafe370f128cfd0e66d995b01ba06af7
            b42ecdef9094492e72c75567ddd4aa1ccc0c2272ee78fe8b300f63353322297b35b6f0482592daec2618425b3b944d19
            fcb8a80afc06221959083df4008cf0529db4d67f7edc1a95fb3532441ae1ef057823b562f582ecf376c999690318a2b2
            77d0b6133a835206ad8356f47d2242d03c9721ffa2ffbadd6bb836fad9fd177f9d334ee322be39ac7fc73497bd3fd7af
            430b8c2b0da01564e6fe87e7a30e1b789ad0001d68ee84b1bd89af74d3457a5bdca58f6e1720e9162908a1fe6d007676
            7e82481400fc9fdca214a89f708870c79b26f5c145608e6dbde47eccb4794885a2b409eb53bec97b55e34d417b96732d
            575a69e3e5c009efaaded8bbf6396101bc1f8dfc44761130352fa6d8ca44a514e37c1f954de5acf9b2ebf7304375ebb6
            5690581ddcd0a1c71b4eebf6d972bb148a20eb42d533903aa8c9939fed9887a33591ff5768711e6357b092f2467b4275
            823103d72d87a4cdc9cf7b175b6288550d592418175c601ff9dc9f5d2e7e4c6837e05dc7b54351ebd8149afe8cded074
            263e1e271e7d6a1566b86e1009b73cb49d1a781bb4baa363b49376844403a3c54e53e692b12de42ab0c819167244f3d3
            3be1fe78d371c6f19ce066da06384961e7c07b79aedd2e0b62fa840a0024be551d30ec8b13e9d2463e4bc2b3e7fbd291
            ee28486dc4d0ecfdb5420dacbd5e5d86a4ecfc41e03ebcc4a061b22aeae27a2f187631025dc4414a4141e4b9ca50359b
            9db6c3a76a5514c990a5ed2020fb72498cb29c2d74ba6f61faf761f464299fd6c786087b3bba9eb22c11bc550a145c38
            6084570644bc267530e0bf0702df2545e6c74331aafb48b69e16a3bd164b99742fbaa11ef5690836e403a8d08e4776c0
            627895cb54e36a9f5245910f010546c3ffb786b55bca9918c70af09e7806ccd114f5fdc212a0176f97d5943d2bca75b3
            a58a277316e9dae82145647c8d2697c2f6d5e3a8429ec3e8710d548f0f5fc79509e7c1ea038716d4a0842be6138d0c76
            86614f9d1165aee72966ea5eb79cdd443b1bc0bac730709349821516affaaab115fa87bf1be5eb610569beb5220553d6
            c2ac91e7426a9a6e31d11cddfbb6cb814353afcfbc7c554239c5f71878d76f10d9ae607ebcc9ade17d9b4a5064b9b2a0
            a08c4c7d8fa22b75dda773794c2b95d3f09f3ddef95b328409b9ffbb30f1c1001c2d2c6af7ae2d6e4f882af65de31433
            8db83e33d2352e909a700694
            """),
        (key: 1, sequenceNumber: 0x00000000, bodyLength: 0, packet: "810af2bb03fbb69eb0a5392968ad6fabfbd8f275"),
        (key: 1, sequenceNumber: 0x00000001, bodyLength: 12, packet: """
            3d59fd1b4e9d661d03a6d158c559c51c9fda74920bb00f73c8c93320890f8a4f
            """),
        (key: 1, sequenceNumber: 0x00000007, bodyLength: 28, packet: """
            ec5d23bd27f39f9d2ce2b39295da3e07bc1f70e63d84d2b64160e3cd3e40d869c22bdd061502185f49fd032e8dd005de
            """),
        (key: 1, sequenceNumber: 0x12345678, bodyLength: 64, packet: """
            114d068f5f99915df36677bca883f67ce863308ed4dfee197cfa2a908bbc3c43590732a598e62c828c53e0bc11c4620b
            2cb35314c6b8f7418a1c1e567928527e5a274ffea6f902a18bd803f371c12a3a2b456aab
            """),
        (key: 1, sequenceNumber: 0xFFFFFFFF, bodyLength: 255, packet: """
            d578cd4d44122028502cb0dbe387825ba904639e2a5100892c8e073843d3bbcea3b8f15b964b0b51e82d68379e96592f
            9e5f7b12115516346117056dd0abe9c8758e895fcec8db7e2fbc2c07c132f91d7e41b181787281c08f1a4b3011232e88
            f21e73ca33911bce04771080ed2cf55ef7dadea6c277bba0b5a34edd8c2d70311772321245ecb4040967c4db2f0d2ba0
            a9afa64983e5e82a4cbff746eb465aad8bb1a725a83209772ecd9fdf9cac1aabb783e6b139c02d2824724032ae768dcb
            3e2cd7bf026fa466adbead27f4508ba980f9ecf176bff3863d145896126bc6cc6f865939e922172410b0e30eb01a80fe
            4f1a2218b41b09d570215d14246b2fe680d1d3865c3cf7da05cdf4d6269c6f878cb6c8
            """),
        (key: 1, sequenceNumber: 0x00000003, bodyLength: 1000, packet: """
            b8f76148947005297c52965e091efa89202c74e49d6786ab9fad9dec538e8b3ee040cac4c08524b27ad7668a8b718cbf
            fa82c03e42cc3c9ecf7b488485cd7d3a20206d23c21c1780f0ea74b82bfd315ea507a987ab83da958e1c9709853f205b
            42bd89a667d3776926af0be5650cd5362856e7e9d90c46d6b192e2e009446157f088d2fab8242181a5cb2df7c303ae8d
            6fe6be9cf639c4865b864c38ef2115c14b3628c4207f2c512b3efe448c0319e0dc4336664d184ea40c996d71ebfa8a27
            b8e5ab5828b48633743b64f4d116bb7da1e34b191a1fec2fd335b2a2c354f71c4c26357d2b212c9ab0bdea23a9575e16
            f23781dc498d2fda857930789777e086707cc366be3b4cafcfe039271520c61ed6fc5139e7f86d35b66dda5f6f2d5b33
            66cca79fa3ef65a0877179b950563dd57c6b0a14e1b26d939566b2bbc2c4a6b1f1592fa469179098ea6219b82a7bdf59
            36e189a847f6224a9a375ab8504241e9d242a3072cb56d717c0dfef4787d579d56d282ffe6431065b917f7b0461eac20
            f9e18498ea4444274b59782bc8a0cc032135b88df7714201a0a59059bd7df43839b0073d512e412807a1df2f3a713f67
            2e6049f40a9b9dbe0cf65e2a0a1a9da7b4e82594ea4d7eda3315dad16f9fa5411fe828b59293cc601e0b2e4b0e8011e9
            e91f7a5cb288aa2952f481f9be0787a97fabdae894715559898c5fcb9556d9e8f0d724c4b8d5e4e9b1a0d4e34152a350
            9acdb54cd5543ca85d3f3e19dbb0308412c6d973230362b2a92464ef7fe3334fdd7ab6f5a5fb048a2801bd836d44b518
            6bd5d18d8c13577c44207bb40de5f5b6ed3a8a1843071d857c8ae81aa534760a9bbb3b934552484d6dbd935bc0b2db29
            89f59fea1e8c05c0b0ff6939becada862f698ee9fa9394e28d7bbca22c3c1bf85f0ca4f2ef7cd462521fb764c8e13bad
            f00ec6679139b6e1a5b97e0f615f1c670c3e4d9e0a0f60662b4a06a048ddac13864266144c344805c8cab436f0ef51ab
            438d260bded89456a5c17d210bb67479789ed135b520131d07d362efd7a35bbc880b41d7c52ddd2eb43e9aa9daa4d98a
            0eea01c11e215edfe15e70f69c6c6556c2073f8d4a026280300d68562b92fe330761f43f2fd8cb5b3ae55a1300104aef
            b444b8ae323463d043e4c722361a7d3920253bd4fe032b060403928ed3d46d9bb57c38239bed35406684a35994f2207d
            41ecccae0370ced71deb0abebb58c0c66d8df661a3638e2379957272612e8944618f631948178930af63627fc9b568a4
            894364df28aed260fb0c637547c608efb3fece97f64cb3490c0edc1c0cd8b1682f74e443ce1aac853fdb0f077dbcc153
            d1671a64d24a3b43f2621beebfc742e3ee2de90dd63f2ef6d055a55f7bd3a6b3ad1e23b8beb87989ed62c3d9921ed3ec
            9fd6d62d778f1957dbf393ae
            """),
        // Either side of ChaChaPolyOpenSSH.inlineBodyLimit (512), where bodies move to BoringSSL.
        (key: 0, sequenceNumber: 0x0000ABCD, bodyLength: 512, packet: """
            d8657ddd2b8ff640248f6059b2f1af31ef5a4489ad847d51d4b22d1f6f6f269b48de538142f73038921e006d159c4195
            85d00c60377749709075b568abdb31f2a953ad7703dc229124389173329e94f394180c75c1d0a1d6f27ece15396c0321
            bbbbe59e3de70c201c99d480ed2385a176d9c59c8ba02eb21cee90dd7309bec9d3bd0c80a59e3f61c6e1cc681e1354fc
            3c072479ca6d001732ed8f1157314b0c2cfd94e6463c577dbb5f3db2edbab87414e59a9fa50386c349a1459831474ad5
            23a920ab721886be4454e3f6ab2ead8460d28fc4512eff13cb867a79c43004e34d033c7906e4f3a5356fc17350803a3d
            cec5d45acc729e0b75eca275dd4f500bba820e38b21b4d12d5681c40b6ad7e5f471f88ba43460d9b2581f43e81d9e745
            d5f3c86e57d057cb07952e9c3cdec5843199546f91f885728f0ce450bc91a69acc59785953aa77e40897fcb17827c419
            506e533d13101daebbf4fb232295f0d1e7511ab952fd44b9093f5f85bf818c34bef37e1f7aafe9a9fc348ff33382c3d4
            23f0dc1f04df101fbc2042cf372c7e987f70995f1a2dbfbff075cba0f5aaf49ff585a61666983862d85c49da34972fce
            db4a5016d7619dadbdeacb7d51c01ebbe3aa48c0b6a04ddc7c76f93c20deaf50105bcbc96d29926475d113709ce51fe2
            82ed8c5e61523fea259ef73e561149b15799ec1fe7980346a528f62454bdecc97c6b11f3cea3f96ae0d1f99f0499217e
            008cf6d3
            """),
        (key: 1, sequenceNumber: 0x80000000, bodyLength: 513, packet: """
            0729d937952e65d20e4ee27475ff3316349afbdd9ac1f0953b7bbea6a2eecc2a7cac645357a33148aad25b4867764fb3
            743838710704ae0c64985f1f28a5a355a4e4f7198dd196262f017fa824f369422faad4ee0a20a407f13d8dc3254fd11b
            024117c1e3248c1b64948c88c0b514c89b370d5091fc430648a54d5c99ecb4582026a890c3b08faaed6f2ebf3b5a1b98
            c3043927841f00382416e14daeaf521dd4e8ad6369318188e0177e100ae3ade64e155ca647ab9cce92dc4b45c31a650f
            2554641b91f3ec10e563f904ddc6e4f62ad76a4dd882a4f0072d4de03956e2641688bf3848b3aaa17ca5c42ce31459e4
            7887f54aa2f11fb855aea9e502e06147804e54d237fca18d3295b032e9c5a45a7b36c488c19ed0405f2a0478dce43ca7
            bc388d99037e8178be0e5abfa21345446af047320c0223edfd035f71541094e7e8f4dfdd0e68f7fb86bcaa0f02c526e3
            bd3cb279b644a466d4ce9ac6f0409dcaa076f533f145bee198d36c4f6740b684e0631f638ca59a0f510a84e99867a483
            5b79efe280eb83f29b281c39a0bf0dececabb2af6fccf06c4016117e3dd21c3fa94b1b697731fce79b8f92c388abf359
            048f3cb852d3d450b622e66b9750eddf0d8bb64e4daa738bb078b7f7c5a27838bf30c3b0af5cd35f014fd14fce13b8e1
            e5f2e52400038a8f5854c2fef43acfbe06a9004becfec6102cf5a54f5f918be0835fefda94bdb87b5a80fcd7e70dd2a3
            41905317e0
            """),
    ]

    func testSealMatchesReferenceVectors() throws {
        for vector in Self.vectors {
            let cipher = try ChaChaPolyOpenSSH(key: Self.keys[vector.key])
            let sealed = try cipher.seal(plaintextAfterLength: Self.body(vector.bodyLength),
                                         sequenceNumber: vector.sequenceNumber)
            XCTAssertEqual(CryptoHex.string(sealed), CryptoHex.string(CryptoHex.bytes(vector.packet)),
                           "key \(vector.key) seq \(vector.sequenceNumber) length \(vector.bodyLength)")
        }
    }

    func testOpenAndDecryptLengthAcceptReferenceVectors() throws {
        for vector in Self.vectors {
            let cipher = try ChaChaPolyOpenSSH(key: Self.keys[vector.key])
            let packet = CryptoHex.bytes(vector.packet)
            XCTAssertEqual(try cipher.decryptLength(packet, sequenceNumber: vector.sequenceNumber),
                           UInt32(vector.bodyLength))
            XCTAssertEqual(try cipher.decryptLength(packet[0..<4], sequenceNumber: vector.sequenceNumber),
                           UInt32(vector.bodyLength))
            XCTAssertEqual(try cipher.open(packet: packet, sequenceNumber: vector.sequenceNumber),
                           Self.body(vector.bodyLength))
            XCTAssertEqual(try cipher.open(packet: Data(packet), sequenceNumber: vector.sequenceNumber),
                           Self.body(vector.bodyLength))
        }
    }

    func testRoundTripsAcrossLengthsAndSequenceNumbers() throws {
        var generator = SystemRandomNumberGenerator()
        let key = (0..<64).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let cipher = try ChaChaPolyOpenSSH(key: key)
        for length in Array(0...130) + [255, 256, 1000, 4096, 32_768, 35_000] {
            let body = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let sequenceNumber = UInt32.random(in: 0...UInt32.max, using: &generator)
            let packet = try cipher.seal(plaintextAfterLength: body, sequenceNumber: sequenceNumber)
            XCTAssertEqual(packet.count, 4 + length + 16)
            XCTAssertEqual(try cipher.decryptLength(packet, sequenceNumber: sequenceNumber), UInt32(length))
            XCTAssertEqual(try cipher.open(packet: packet, sequenceNumber: sequenceNumber), body, "length \(length)")
            // A slice that does not start at index 0, as a receive buffer gives.
            let framed = [0xAA, 0xBB] + packet
            XCTAssertEqual(try cipher.open(packet: framed[2...], sequenceNumber: sequenceNumber), body)
        }
    }

    /// Every single-bit change anywhere in the packet — length field, body or tag — must be rejected.
    func testEveryTamperedByteIsRejected() throws {
        let cipher = try ChaChaPolyOpenSSH(key: Self.keys[1])
        let packet = try cipher.seal(plaintextAfterLength: Self.body(60), sequenceNumber: 42)
        for index in packet.indices {
            for bit in [0x01, 0x80] as [UInt8] {
                var tampered = packet
                tampered[index] ^= bit
                XCTAssertThrowsError(try cipher.open(packet: tampered, sequenceNumber: 42), "byte \(index)") {
                    XCTAssertEqual($0 as? SSHCryptoError, .authenticationFailure)
                }
            }
        }
    }

    func testWrongSequenceNumberOrKeyIsRejected() throws {
        let cipher = try ChaChaPolyOpenSSH(key: Self.keys[0])
        let packet = try cipher.seal(plaintextAfterLength: Self.body(28), sequenceNumber: 7)
        for other: UInt32 in [6, 8, 7 | 0x8000_0000] {
            XCTAssertThrowsError(try cipher.open(packet: packet, sequenceNumber: other))
        }
        XCTAssertThrowsError(try ChaChaPolyOpenSSH(key: Self.keys[1]).open(packet: packet, sequenceNumber: 7))
        // Swapping the halves (K_1 ‖ K_2) is a different key, not an equivalent one.
        let swapped = Array(Self.keys[0][32..<64] + Self.keys[0][0..<32])
        XCTAssertThrowsError(try ChaChaPolyOpenSSH(key: swapped).open(packet: packet, sequenceNumber: 7))
    }

    func testTruncatedPacketsThrowInsteadOfTrapping() throws {
        let cipher = try ChaChaPolyOpenSSH(key: Self.keys[0])
        let packet = try cipher.seal(plaintextAfterLength: Self.body(12), sequenceNumber: 1)
        for length in 0..<packet.count {
            XCTAssertThrowsError(try cipher.open(packet: packet[0..<length], sequenceNumber: 1), "length \(length)")
        }
        for length in 0..<4 {
            XCTAssertThrowsError(try cipher.decryptLength(packet[0..<length], sequenceNumber: 1)) {
                XCTAssertEqual($0 as? SSHCryptoError, .truncatedInput(minimum: 4, actual: length))
            }
        }
    }

    /// Random garbage of every small length must be refused, never crash.
    func testRandomPacketsAreRejected() throws {
        let cipher = try ChaChaPolyOpenSSH(key: Self.keys[0])
        var generator = SystemRandomNumberGenerator()
        for length in 0..<200 {
            let garbage = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            XCTAssertThrowsError(try cipher.open(packet: garbage, sequenceNumber: UInt32(length)))
            _ = try? cipher.decryptLength(garbage, sequenceNumber: UInt32(length))
        }
    }

    func testWrongKeySizeThrows() {
        for size in [0, 32, 63, 65] {
            XCTAssertThrowsError(try ChaChaPolyOpenSSH(key: [UInt8](repeating: 0, count: size))) {
                XCTAssertEqual($0 as? SSHCryptoError, .invalidKeySize(expected: 64, actual: size))
            }
        }
    }
}
