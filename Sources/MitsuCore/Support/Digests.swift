import Crypto
import Foundation

/// Hashes in the lowercase hex form events carry (`sha256`, `md5`).
public enum Digests {
    public static func sha256<D: DataProtocol>(_ data: D) -> String { hex(SHA256.hash(data: data)) }

    /// MD5 only because malware feeds and T-Pot dashboards still key on it; never used for security.
    public static func md5<D: DataProtocol>(_ data: D) -> String { hex(Insecure.MD5.hash(data: data)) }

    /// The other coreutils sums (`sha1sum`, `sha224sum`, `sha384sum`, `sha512sum`); SHA-1 is legacy, never used for security.
    public static func sha1<D: DataProtocol>(_ data: D) -> String { hex(Insecure.SHA1.hash(data: data)) }
    public static func sha224<S: Sequence>(_ data: S) -> String where S.Element == UInt8 { hex(SHA224.hash(data)) }
    public static func sha384<D: DataProtocol>(_ data: D) -> String { hex(SHA384.hash(data: data)) }
    public static func sha512<D: DataProtocol>(_ data: D) -> String { hex(SHA512.hash(data: data)) }

    public static func hex<S: Sequence>(_ bytes: S) -> String where S.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(64)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

extension PayloadInfo {
    /// Longest printable preview kept in an event; the full bytes are in `b64`.
    public static let printableLimit = 4096

    /// Summarises captured bytes. `totalLength` is what the client sent, which may exceed what was kept.
    public init(captured bytes: [UInt8], totalLength: Int? = nil) {
        let total = totalLength ?? bytes.count
        var printable = [UInt8]()
        printable.reserveCapacity(min(bytes.count, PayloadInfo.printableLimit))
        for b in bytes.prefix(PayloadInfo.printableLimit) {
            printable.append((b >= 0x20 && b < 0x7F) || b == 0x0A || b == 0x0D || b == 0x09 ? b : UInt8(ascii: "."))
        }
        self.init(
            length: total,
            sha256: Digests.sha256(bytes),
            md5: Digests.md5(bytes),
            printable: String(decoding: printable, as: UTF8.self),
            b64: Data(bytes).base64EncodedString(),
            truncated: total > bytes.count ? true : nil
        )
    }
}
