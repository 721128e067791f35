import Foundation
import Hummingbird
import NIOCore

/// `application/x-www-form-urlencoded` bodies (the login and logout forms), read with a size cap.
enum FormBody {
    static let maxBytes = 16 * 1024

    static func read(_ request: Request) async throws -> [String: String] {
        var buffer = try await request.body.collect(upTo: maxBytes)
        let text = buffer.readString(length: buffer.readableBytes) ?? ""
        return parse(text)
    }

    static func parse(_ text: String) -> [String: String] {
        var out: [String: String] = [:]
        for pair in text.split(separator: "&", omittingEmptySubsequences: true).prefix(64) {
            let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = decode(kv[0])
            if out[key] == nil { out[key] = kv.count > 1 ? decode(kv[1]) : "" }
        }
        return out
    }

    private static func decode(_ s: Substring) -> String {
        let plus = s.replacingOccurrences(of: "+", with: " ")
        return plus.removingPercentEncoding ?? plus
    }
}
