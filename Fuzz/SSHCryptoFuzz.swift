// libFuzzer target for the SSH transport crypto (Sources/MitsuSSH/Crypto): the input is a hostile packet for
// ChaChaPolyOpenSSH.decryptLength/open and a hostile message for UMAC.tag/verify and Poly1305. Any input must
// give a value or a thrown error, never a trap; and what these primitives promise must hold for it: a sealed
// packet opens to what was sealed, a changed byte is refused, a tag verifies and a changed tag does not, and
// Poly1305 does not depend on how its input is split.
//
// Built without SwiftPM (a SwiftPM executable's `main` clashes with libFuzzer's), from this file and the
// crypto sources only:
//   swiftc -O -sanitize=fuzzer,address -parse-as-library -module-name MitsuFuzz Fuzz/SSHCryptoFuzz.swift \
//       Sources/MitsuSSH/Crypto/*.swift -o .fuzz/ssh-crypto/fuzz
//   .fuzz/ssh-crypto/fuzz -max_len=65536 CORPUS_DIR
// Without swift-crypto, this file supplies stand-ins for the few swift-crypto types the sources use:
// ChaCha20-CTR is built on ChaCha20Block (so it is real ChaCha20, and the long-body path is exercised), and
// AES is replaced by a keyed byte mixer that is NOT AES: UMAC tags here differ from real ones. This target
// checks robustness and internal consistency; the unit tests check values against the standards.
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(MitsuSSH)
import MitsuSSH
#endif

// Set up once. UMAC is a class with a pad cache, hence not Sendable; libFuzzer calls the target from one
// thread, so sharing the instances is safe here.
private let cipher = try? ChaChaPolyOpenSSH(key: (0..<64).map { UInt8($0) })
private nonisolated(unsafe) let umac64 = try? UMAC(key: Array("abcdefghijklmnop".utf8), tagLength: 8)
private nonisolated(unsafe) let umac128 = try? UMAC(key: Array("abcdefghijklmnop".utf8), tagLength: 16)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let sequenceNumber = bytes.prefix(4).reduce(UInt32(0)) { ($0 << 8) | UInt32($1) }
    guard let cipher, let umac64, let umac128 else { fatalError("fixed keys were refused") }

    // The input as a received packet: refused (2^-128 odds aside), never a crash.
    _ = try? cipher.decryptLength(bytes, sequenceNumber: sequenceNumber)
    _ = try? cipher.open(packet: bytes, sequenceNumber: sequenceNumber)
    _ = try? cipher.open(packet: bytes.dropFirst(), sequenceNumber: sequenceNumber)

    // The input as a packet body: it must come back, and any changed byte must be refused.
    if let sealed = try? cipher.seal(plaintextAfterLength: bytes, sequenceNumber: sequenceNumber) {
        guard (try? cipher.decryptLength(sealed, sequenceNumber: sequenceNumber)) == UInt32(size),
              (try? cipher.open(packet: sealed, sequenceNumber: sequenceNumber)) == bytes else {
            fatalError("sealed packet of \(size) bytes did not open to its body")
        }
        var tampered = sealed
        let position = Int(sequenceNumber % UInt32(tampered.count))
        tampered[position] ^= 0x01
        if (try? cipher.open(packet: tampered, sequenceNumber: sequenceNumber)) != nil {
            fatalError("packet with byte \(position) changed was accepted")
        }
    } else {
        fatalError("seal refused a \(size)-byte body")
    }

    // The input as a message to MAC.
    for umac in [umac64, umac128] {
        guard let tag = try? umac.tag(message: bytes, sequenceNumber: sequenceNumber),
              tag.count == umac.tagLength,
              umac.verify(tag: tag, message: bytes, sequenceNumber: sequenceNumber) else {
            fatalError("UMAC-\(umac.tagLength * 8) tag did not verify")
        }
        var forged = tag
        forged[Int(sequenceNumber % UInt32(forged.count))] ^= 0x80
        if umac.verify(tag: forged, message: bytes, sequenceNumber: sequenceNumber) {
            fatalError("UMAC-\(umac.tagLength * 8) accepted a changed tag")
        }
        // Nonces of every length, including the invalid 0 and 17: a tag or an error.
        _ = try? umac.tag(message: bytes, nonce: Array(bytes.prefix(size % 18)))
    }

    // Poly1305 keyed by the first 32 bytes over the rest, in one piece and in three.
    if size >= 32 {
        let key = Array(bytes[0..<32])
        guard let whole = try? Poly1305.tag(key: key, message: bytes[32...]) else { fatalError("32-byte key refused") }
        let cut1 = 32 + Int(bytes[0]) % (size - 31)
        let cut2 = cut1 + Int(bytes[1]) % (size - cut1 + 1)
        guard var pieces = try? Poly1305(key: key) else { fatalError("32-byte key refused") }
        pieces.update(bytes[32..<cut1])
        pieces.update(bytes[cut1..<cut2])
        pieces.update(bytes[cut2...])
        if pieces.finalize() != whole { fatalError("Poly1305 depends on how the message is split") }
    }
    return 0
}

#if !canImport(Crypto)
// MARK: - Stand-ins for swift-crypto (see the header)

struct SymmetricKey: Sendable {
    let bytes: [UInt8]
    init<Bytes: Sequence>(data: Bytes) where Bytes.Element == UInt8 { bytes = Array(data) }
}

enum Insecure {
    enum ChaCha20CTR {
        struct Nonce: Sendable {
            let words: (UInt32, UInt32, UInt32)
            init<Bytes: DataProtocol>(data: Bytes) throws {
                let raw = Array(data)
                guard raw.count == 12 else { throw SSHCryptoError.invalidNonceLength(raw.count) }
                func word(_ index: Int) -> UInt32 {
                    (0..<4).reduce(UInt32(0)) { $0 | UInt32(raw[index * 4 + $1]) << (8 * $1) }
                }
                words = (word(0), word(1), word(2))
            }
        }

        struct Counter: Sendable {
            let value: UInt32
            init() { value = 0 }
            init(offset: UInt32) throws { value = offset }
        }

        static func encrypt<Message: DataProtocol>(
            _ message: Message, using key: SymmetricKey, counter: Counter = Counter(), nonce: Nonce
        ) throws -> Data {
            let input = Array(message)
            guard let block = key.bytes.withUnsafeBytes({ ChaCha20Block(key: $0) }) else {
                throw SSHCryptoError.invalidKeySize(expected: 32, actual: key.bytes.count)
            }
            var output = [UInt8](repeating: 0, count: input.count)
            input.withUnsafeBytes { inputBytes in
                output.withUnsafeMutableBytes { outputBytes in
                    block.apply(counter: counter.value, nonce: nonce.words, input: inputBytes, output: outputBytes)
                }
            }
            return Data(output)
        }
    }
}

enum AES {
    /// Not AES: a keyed, invertible byte mixer with AES's shape, enough to drive UMAC's code paths.
    static func permute<Payload: MutableCollection>(_ payload: inout Payload, key: SymmetricKey) throws
    where Payload.Element == UInt8 {
        var block = Array(payload)
        guard block.count == 16, key.bytes.count == 16 else {
            throw SSHCryptoError.invalidKeySize(expected: 16, actual: key.bytes.count)
        }
        for round in 0..<4 {
            for index in 0..<16 {
                let mixed = (block[index] ^ key.bytes[(index + round) % 16]) &+ block[(index + 15) % 16]
                block[index] = (mixed << 3) | (mixed >> 5)
            }
        }
        var position = payload.startIndex
        for byte in block {
            payload[position] = byte
            payload.formIndex(after: &position)
        }
    }
}
#endif
